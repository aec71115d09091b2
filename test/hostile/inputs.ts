/**
 * The hostile inputs, as data: each is a file (made at test time, so no 20 MB file or binary
 * blob is committed) and what LeakLint must do with it, from the command line and in the editor.
 */

/** What a hostile file must produce (besides: no crash, no stack trace, the tool still answers). */
export type Expectation =
  /** Linted, and nothing reported. */
  | { kind: 'clean' }
  /** One `syntax-error` notice, at this 1-based line and column; possibly findings in the parts that parse. */
  | { kind: 'syntax-error'; line: number; column: number }
  /** One `file-skipped` info notice whose message matches. */
  | { kind: 'skipped'; message: RegExp }
  /** Linted; this rule reports at this 1-based line and column (checks offsets and line breaks). */
  | { kind: 'finding'; ruleId: string; line: number; column: number }
  /**
   * Nesting deeper than the recursive parser may manage, depending on the thread's stack (the
   * CLI's worker threads have more): either linted, with nothing to report, or one file-skipped
   * notice saying so. Never a stack overflow.
   */
  | { kind: 'too-deep-or-clean' };

export interface HostileInput {
  /** Path inside the test tree, `/`-separated. */
  path: string;
  /** What the case is about, for the report table. */
  about: string;
  bytes: () => Buffer;
  expect: Expectation;
  /** What an editor would send for it, when that differs from decoding the bytes as UTF-8 (an editor decodes other encodings itself). */
  editorText?: () => string;
  /** The editor expectation, when it differs (the editor has already decoded the file). */
  editorExpect?: Expectation;
}

const NESTING = 10_000;
const utf8 = (text: string) => () => Buffer.from(text, 'utf8');

/** A function that makes a logger on each call: the one finding the hostile cases look for. */
const LEAK = 'export function handle() { const log = pino(); log.info(1); }';
/** Column (1-based) of `pino()` in LEAK. */
const LEAK_COLUMN = LEAK.indexOf('pino()') + 1;
const leakAt = (line: number, column = LEAK_COLUMN): Expectation => ({ kind: 'finding', ruleId: 'logger-per-call', line, column });

/** One random-looking but reproducible byte stream. */
function noise(length: number, seed: number, avoidNul: boolean): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const byte = state >> 16 & 0xff;
    // Without NUL bytes, it is high bytes in lines of 64, so it does not also look minified.
    bytes[i] = !avoidNul ? byte : i % 64 === 63 ? 0x0a : 0x80 | byte;
  }
  return bytes;
}

/** Text of at least `bytes` bytes, made of ordinary classes with leaks, one statement per line. */
export function generatedSource(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const unit = `export class Service${i} {\n  private cache = new Map<string, number>();\n  handle(req: { url: string }) {\n    const log = pino();\n    this.cache.set(req.url, ${i});\n    log.info(req.url);\n  }\n}\n`;
    parts.push(unit);
    size += unit.length;
  }
  return parts.join('');
}

export const SYNTAX_ERRORS: HostileInput[] = [
  { path: 'syntax/unclosed-brace.ts', about: 'unclosed braces', bytes: utf8('class A {\n  m() {\n'), expect: { kind: 'syntax-error', line: 3, column: 1 } },
  { path: 'syntax/stray-tokens.ts', about: 'stray tokens', bytes: utf8('const x = ;;; ) } @@@\n'), expect: { kind: 'syntax-error', line: 1, column: 11 } },
  { path: 'syntax/half-typed-call.ts', about: 'half-typed call', bytes: utf8('export function f() {\n  const log = pino(\n'), expect: { kind: 'syntax-error', line: 3, column: 1 } },
  { path: 'syntax/half-typed-member.ts', about: 'half-typed member access', bytes: utf8('class A {\n  cache = new Map();\n  add(k) { this.cache. }\n}\n'), expect: { kind: 'syntax-error', line: 3, column: 24 } },
  { path: 'syntax/half-typed-arrow.ts', about: 'half-typed arrow function', bytes: utf8('setInterval(() =>\n'), expect: { kind: 'syntax-error', line: 1, column: 18 } },
  { path: 'syntax/unterminated-string.ts', about: 'unterminated string', bytes: utf8("const s = 'abc\nconst t = 1;\n"), expect: { kind: 'syntax-error', line: 1, column: 15 } },
  { path: 'syntax/unterminated-template.ts', about: 'unterminated template', bytes: utf8('const s = `abc ${x\n'), expect: { kind: 'syntax-error', line: 2, column: 1 } },
  { path: 'syntax/unterminated-comment.ts', about: 'unterminated block comment', bytes: utf8('/* never closed\nconst a = 1;\n'), expect: { kind: 'syntax-error', line: 3, column: 1 } },
  { path: 'syntax/unterminated-regex.ts', about: 'unterminated regular expression', bytes: utf8('const r = /abc\n'), expect: { kind: 'syntax-error', line: 1, column: 11 } },
  { path: 'syntax/unclosed-jsx.tsx', about: 'mismatched JSX tags', bytes: utf8('const a = <div><span></div>;\n'), expect: { kind: 'syntax-error', line: 1, column: 17 } },
  { path: 'syntax/only-closers.ts', about: 'nothing but closing brackets', bytes: utf8('}}}}))))]]]]\n'), expect: { kind: 'syntax-error', line: 1, column: 1 } },
  { path: 'syntax/keyword-soup.ts', about: 'keywords in a row', bytes: utf8('class class function => async await yield\n'), expect: { kind: 'syntax-error', line: 1, column: 7 } },
  { path: 'syntax/leak-before-error.ts', about: 'a leak, then a syntax error', bytes: utf8(`${LEAK}\nfunction broken( {\n`), expect: leakAt(1) },
];

export const TEXT_SHAPES: HostileInput[] = [
  { path: 'text/empty.ts', about: 'empty file', bytes: utf8(''), expect: { kind: 'clean' } },
  { path: 'text/whitespace.ts', about: 'whitespace only', bytes: utf8('  \n\t\n\r\n'), expect: { kind: 'clean' } },
  { path: 'text/only-comments.ts', about: 'only comments', bytes: utf8('// one\n/* two */\n/** three\n * @leak */\n'), expect: { kind: 'clean' } },
  { path: 'text/bom.ts', about: 'UTF-8 byte order mark', bytes: utf8(`\ufeff${LEAK}\n`), expect: leakAt(1), editorText: () => `${LEAK}\n` },
  { path: 'text/bom-only.ts', about: 'nothing but a byte order mark', bytes: utf8('\ufeff'), expect: { kind: 'clean' }, editorText: () => '' },
  { path: 'text/crlf.ts', about: 'CRLF line endings', bytes: utf8(`// a\r\n// b\r\n${LEAK}\r\n`), expect: leakAt(3) },
  { path: 'text/mixed-line-endings.ts', about: 'mixed CRLF, LF and CR line endings', bytes: utf8(`// a\r\n// b\n// c\r${LEAK}\n`), expect: leakAt(4) },
  { path: 'text/unicode-line-separator.ts', about: 'U+2028 line separator in code', bytes: utf8(`const a = 1;\u2028${LEAK}\n`), expect: leakAt(2) },
  { path: 'text/astral.ts', about: 'astral characters before a leak (UTF-16 columns)', bytes: utf8(`/* 🚀🚀 */ ${LEAK}\n`), expect: leakAt(1, LEAK_COLUMN + 11) },
];

export const ENCODINGS: HostileInput[] = [
  {
    path: 'encoding/latin1.ts', about: 'Latin-1 (not UTF-8) text',
    bytes: () => Buffer.from("const a = 1;\nconst s = 'caf\u00e9';\n", 'latin1'),
    expect: { kind: 'skipped', message: /not valid UTF-8 \(first bad byte at 2:15\)/ },
    editorText: () => "const a = 1;\nconst s = 'caf\u00e9';\n", editorExpect: { kind: 'clean' },
  },
  {
    path: 'encoding/utf16le.ts', about: 'UTF-16 with byte order mark',
    bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${LEAK}\n`, 'utf16le')]),
    expect: { kind: 'skipped', message: /UTF-16/ },
    editorText: () => `${LEAK}\n`, editorExpect: leakAt(1),
  },
  { path: 'encoding/binary.ts', about: 'binary (NUL bytes) with a .ts name', bytes: () => noise(64 * 1024, 1, false), expect: { kind: 'skipped', message: /looks binary/ } },
  {
    path: 'encoding/high-bytes.ts', about: 'binary without NUL bytes (invalid UTF-8)', bytes: () => noise(16 * 1024, 2, true),
    expect: { kind: 'skipped', message: /not valid UTF-8 \(first bad byte at 1:/ },
    // An editor decodes it with replacement characters; it is then garbage that must not crash anything.
    editorExpect: { kind: 'syntax-error', line: 1, column: 1 },
  },
];

/** Nesting the recursive parser cannot take: one info notice, never a stack overflow. */
export const DEEP_NESTING: HostileInput[] = [
  { path: 'deep/arrays.ts', about: `${NESTING} nested array literals`, bytes: utf8(`const x = ${'[\n'.repeat(NESTING)}1${']\n'.repeat(NESTING)};\n`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/parens.ts', about: `${NESTING} nested parentheses`, bytes: utf8(`const x = ${'(\n'.repeat(NESTING)}1${')\n'.repeat(NESTING)};\n`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/blocks.ts', about: `${NESTING} nested blocks`, bytes: utf8(`${'{\n'.repeat(NESTING)}${'}\n'.repeat(NESTING)}`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/ifs.ts', about: `${NESTING} nested if statements`, bytes: utf8(`${'if (x)\n'.repeat(NESTING)}{}\n`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/functions.ts', about: `${NESTING} nested functions`, bytes: utf8(`${'function f() {\n'.repeat(NESTING)}${'}\n'.repeat(NESTING)}`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/arrows.ts', about: `${NESTING} nested arrow functions`, bytes: utf8(`const f = ${'() =>\n'.repeat(NESTING)}1;\n`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/jsx.tsx', about: `${NESTING} nested JSX elements`, bytes: utf8(`const x = ${'<a>\n'.repeat(NESTING)}${'</a>\n'.repeat(NESTING)};\n`), expect: { kind: 'too-deep-or-clean' } },
  { path: 'deep/unclosed.ts', about: `${NESTING} unclosed braces`, bytes: utf8(`${'{\n'.repeat(NESTING)}`), expect: { kind: 'too-deep-or-clean' } },
  {
    path: 'deep/classes.ts', about: '2,000 nested class expressions with methods',
    bytes: utf8(`${'class A { m() { return class {\n'.repeat(2000)}${'} } }\n'.repeat(2000)}`), expect: { kind: 'too-deep-or-clean' },
  },
];

/** Deep trees the parser builds in a loop: they must be linted, by the iterative traversal. */
export const DEEP_BUT_PARSEABLE: HostileInput[] = [
  { path: 'deep/long-call-chain.ts', about: `a call chain ${NESTING} long (left-deep tree)`, bytes: utf8(`${LEAK}\nconst x = a${'\n.b()'.repeat(NESTING)};\n`), expect: leakAt(1) },
  { path: 'deep/long-sum.ts', about: 'a sum of 30,000 terms (left-deep tree)', bytes: utf8(`${LEAK}\nconst x = ${'a +\n'.repeat(30_000)}1;\n`), expect: leakAt(1) },
  { path: 'deep/else-if-chain.ts', about: '1,000 else-ifs', bytes: utf8(`${LEAK}\nif (a) {}\n${'else if (a) {}\n'.repeat(1000)}`), expect: leakAt(1) },
];

/** Minified code (one line) of at least `bytes` bytes. */
export function minifiedSource(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const unit = `class S${i}{cache=new Map;handle(r){const l=pino();this.cache.set(r.url,${i});l.info(r.url)}}`;
    parts.push(unit);
    size += unit.length;
  }
  return parts.join('');
}

export const SIZES: HostileInput[] = [
  { path: 'size/generated-20mb.ts', about: 'a 20 MB generated file', bytes: () => Buffer.from(generatedSource(20 * 1024 * 1024)), expect: { kind: 'skipped', message: /is 20\.0 MB, larger than maxFileSize \(1\.0 MB\)/ } },
  {
    path: 'size/minified-5mb.js', about: 'a 5 MB single-line minified file',
    bytes: () => Buffer.from(minifiedSource(5 * 1024 * 1024)), expect: { kind: 'skipped', message: /is 5\.0 MB, larger than maxFileSize/ },
  },
  {
    path: 'size/minified-600kb.js', about: 'a 600 KB single-line minified file (under the size limit)',
    bytes: () => Buffer.from(minifiedSource(600 * 1024)), expect: { kind: 'skipped', message: /looks minified/ },
  },
];

/** File names that must survive paths, URIs, SARIF and a terminal. */
export const NAMES: HostileInput[] = [
  { path: 'names/with space.ts', about: 'a space in the name', bytes: utf8(`${LEAK}\n`), expect: leakAt(1) },
  { path: 'names/ünïcödé 日本語.ts', about: 'non-ASCII letters in the name', bytes: utf8(`${LEAK}\n`), expect: leakAt(1) },
  { path: 'names/emoji 🚀.ts', about: 'an emoji (astral) in the name', bytes: utf8(`${LEAK}\n`), expect: leakAt(1) },
  { path: 'names/#hash%25 percent&amp.ts', about: 'URI-special characters in the name', bytes: utf8(`${LEAK}\n`), expect: leakAt(1) },
  { path: 'names/-leading-dash.ts', about: 'a name that looks like an option', bytes: utf8(`${LEAK}\n`), expect: leakAt(1) },
];

/** A name with a newline and an escape sequence: printed escaped, never as raw control characters. */
export const CONTROL_CHARACTER_NAME = 'names/evil\n::error file=x::injected\u001b[31m.ts';

export const ALL_FILE_INPUTS: HostileInput[] = [
  ...SYNTAX_ERRORS, ...TEXT_SHAPES, ...ENCODINGS, ...DEEP_NESTING, ...DEEP_BUT_PARSEABLE, ...SIZES, ...NAMES,
];
