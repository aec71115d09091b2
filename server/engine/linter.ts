// A default import, not `import * as ts`: the namespace form reaches every export through a getter
// (tsc's __importStar, esbuild's __toESM), which the profile showed on the per-node path.
import ts from 'typescript';
import { FACT_KINDS, FactsCollector, type FileFacts } from './facts';
import { carryLineStarts } from './line-starts';
import { NOTICES, type NoticeId } from './notices';
import type { Finding, Fix, LocatedFix, NodeVisitor, ReportDescriptor, Rule, RuleContext, Severity } from './rule';
import { detachFromText, forEachDescendant, NestingTooDeepError, parseSource, positionAt, setParent, syntaxErrorsOf } from './source';
import { skippedFinding } from './skipped';
import { parseDirectives, SuppressionIndex } from './suppressions';

/** A rule as configured for one file: on, with its severity and options. */
export interface EnabledRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface SuppressedFinding extends Finding {
  /** The reason given after ` -- ` in the directive, if any. */
  justification: string | undefined;
}

export interface LintResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  syntaxErrorCount: number;
}

export interface LintTextOptions {
  /** Every rule id that exists, so a directive naming an unknown one can be reported. */
  knownRuleIds?: ReadonlySet<string>;
  /** Report one `syntax-error` notice when the file does not parse cleanly (default true). */
  reportSyntaxErrors?: boolean;
  /**
   * The text is a new version of an editor buffer: with incremental parsing on, re-parse it from
   * the last tree of the same path (see `setIncrementalParsing`), and dispatch the statements and
   * members the re-parse reused from the last walk's lists (see `walkedUnits`).
   */
  incremental?: boolean;
}

/**
 * The visitors for one node kind, with the index of the rule each belongs to (-1: the facts
 * collector, whose failures are not a rule's).
 */
interface KindHandlers {
  visits: NodeVisitor[];
  ruleIndexes: number[];
}

// typescript's own exports are getters too (its bundle defines them with esbuild's __export):
// fetched once here rather than once per node, which made the walk about 30% cheaper.
const forEachChild = ts.forEachChild;

/** Tree levels walked by recursion; deeper ones by an explicit stack (see lintSourceFile). */
export const RECURSION_DEPTH_LIMIT = 400;

/**
 * A subtree's nodes in pre-order as an editor lint walked them, the lists of the units inside it
 * nested as they are, not copied.
 */
type WalkedNodes = Array<ts.Node | WalkedNodes>;

/**
 * Statements and class members, the units an editor lint keeps the walk of. `ts.updateSourceFile`
 * hands back every one the edit did not touch as the same object with the same subtree (only its
 * positions moved), so the next lint dispatches that subtree from the list instead of walking it:
 * the walk was about a third of an edit's lint on a 5,000-line file.
 */
const walkedUnits = new WeakMap<ts.Node, WalkedNodes>();
/** Units dispatched from their lists so far, for tests to see that a walk was reused. */
export const walkStatistics = { replayedUnits: 0 };
const UNIT_KINDS: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.VariableStatement, ts.SyntaxKind.ExpressionStatement, ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.DoStatement, ts.SyntaxKind.WhileStatement, ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.WithStatement, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.LabeledStatement,
  ts.SyntaxKind.ThrowStatement, ts.SyntaxKind.TryStatement, ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.ModuleDeclaration, ts.SyntaxKind.ImportEqualsDeclaration,
  ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ExportAssignment, ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.ClassStaticBlockDeclaration,
  ts.SyntaxKind.PropertyAssignment,
];
const isUnitKind = new Uint8Array(ts.SyntaxKind.Count);
for (const kind of UNIT_KINDS) isUnitKind[kind] = 1;
/** A unit smaller than this is kept inline in its enclosing unit's list: not worth a map entry. */
const MIN_UNIT_NODES = 12;

function makeFinding(
  sourceFile: ts.SourceFile,
  ruleId: string,
  severity: Severity,
  descriptor: ReportDescriptor,
): Finding {
  const rangeOf = (node: ts.Node | undefined, range: { start: number; end: number } | undefined) =>
    range ?? (node ? { start: node.getStart(sourceFile), end: node.getEnd() } : { start: 0, end: 0 });
  const { start, end } = rangeOf(descriptor.node, descriptor.range);
  const locate = (fix: Fix | undefined): LocatedFix | undefined => {
    if (!fix || !isWellFormedFix(fix, sourceFile.text.length)) return undefined;
    return {
      title: fix.title,
      edits: fix.edits.map((edit) => ({ ...edit, startPos: positionAt(sourceFile, edit.start), endPos: positionAt(sourceFile, edit.end) })),
    };
  };
  return {
    ruleId,
    message: descriptor.message,
    severity,
    start,
    end,
    startPos: positionAt(sourceFile, start),
    endPos: positionAt(sourceFile, end),
    related: (descriptor.related ?? []).map((related) => {
      const range = rangeOf(related.node, related.range);
      return {
        ...range,
        message: related.message,
        startPos: positionAt(sourceFile, range.start),
        endPos: positionAt(sourceFile, range.end),
      };
    }),
    fix: locate(descriptor.fix),
    suggestions: (descriptor.suggestions ?? []).flatMap((fix) => locate(fix) ?? []),
  };
}

/** Edits inside the text and not overlapping one another. */
export function isWellFormedFix(fix: Fix, textLength: number): boolean {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < edits.length; i++) {
    const edit = edits[i];
    if (edit.start < 0 || edit.end > textLength || edit.start > edit.end) return false;
    if (i > 0 && edits[i - 1].end > edit.start) return false;
  }
  return edits.length > 0;
}

export function noticeFinding(sourceFile: ts.SourceFile, id: NoticeId, message: string, start = 0, end = 0): Finding {
  return makeFinding(sourceFile, id, NOTICES[id].severity, { range: { start, end }, message });
}

/**
 * Lints one parsed file: one traversal of the tree, dispatching each node to the rules that
 * asked for its kind, then each rule's `fileEnd`, then suppression comments.
 */
export function lintSourceFile(
  sourceFile: ts.SourceFile,
  filePath: string,
  enabledRules: readonly EnabledRule[],
  options: LintTextOptions = {},
): LintResult {
  const findings: Finding[] = [];
  const failedRules = new Uint8Array(enabledRules.length);
  const syntaxErrors = syntaxErrorsOf(sourceFile);
  const collector = enabledRules.some(({ rule }) => rule.meta.usesFacts) ? new FactsCollector(sourceFile) : undefined;
  let traversalDone = false;

  const fail = (ruleIndex: number, error: unknown) => {
    if (failedRules[ruleIndex] === 1) return;
    failedRules[ruleIndex] = 1;
    const detail = error instanceof Error ? error.message : String(error);
    findings.push(noticeFinding(sourceFile, 'internal-error',
      `Rule ${enabledRules[ruleIndex].rule.meta.id} failed on this file (${detail}); its findings here may be incomplete.`));
  };

  const handlersByKind: Array<KindHandlers | undefined> = [];
  const addHandler = (kind: number, visit: NodeVisitor, ruleIndex: number) => {
    const handlers = (handlersByKind[kind] ??= { visits: [], ruleIndexes: [] });
    handlers.visits.push(visit);
    handlers.ruleIndexes.push(ruleIndex);
  };
  if (collector) {
    const enter = (node: ts.Node) => collector.enter(node);
    for (const kind of FACT_KINDS) addHandler(kind, enter, -1);
  }
  const fileEnds: Array<{ run: () => void; ruleIndex: number }> = [];
  const sharedValues = new Map<(sourceFile: ts.SourceFile) => unknown, unknown>();
  const shared = <T>(create: (sourceFile: ts.SourceFile) => T): T => {
    if (!sharedValues.has(create)) sharedValues.set(create, create(sourceFile));
    return sharedValues.get(create) as T;
  };
  enabledRules.forEach((enabled, ruleIndex) => {
    const context: RuleContext = {
      sourceFile,
      filePath,
      text: sourceFile.text,
      options: enabled.options,
      get facts(): FileFacts {
        if (!collector) throw new Error(`rule ${enabled.rule.meta.id} reads facts but its meta does not set usesFacts`);
        if (!traversalDone) throw new Error('facts are complete only in fileEnd');
        return collector.complete();
      },
      shared,
      report: (descriptor) => findings.push(makeFinding(sourceFile, enabled.rule.meta.id, enabled.severity, descriptor)),
    };
    let visitor;
    try {
      visitor = enabled.rule.create(context);
    } catch (error) {
      fail(ruleIndex, error);
      return;
    }
    for (const key of Object.keys(visitor)) {
      if (key === 'fileEnd') continue;
      const kind = Number(key);
      addHandler(kind, visitor[kind], ruleIndex);
    }
    if (visitor.fileEnd) fileEnds.push({ run: visitor.fileEnd, ruleIndex });
  });

  const dispatch = (node: ts.Node, { visits, ruleIndexes }: KindHandlers) => {
    for (let i = 0; i < visits.length; i++) {
      const ruleIndex = ruleIndexes[i];
      if (ruleIndex < 0) {
        visits[i](node);
        continue;
      }
      if (failedRules[ruleIndex] === 1) continue;
      try {
        visits[i](node);
      } catch (error) {
        fail(ruleIndex, error);
      }
    }
  };

  // Pre-order walk. Recursion through forEachChild is the cheapest way through the tree, but
  // below RECURSION_DEPTH_LIMIT levels the rest of a subtree is walked with a stack of its own:
  // deeply nested code must not overflow the call stack. The walk sets each node's parent before
  // any rule sees the node (parseSource leaves them unset), so a rule can always look up from the
  // node it is given, never down then up.
  //
  // An editor lint (see walkedUnits) also records each unit's nodes as it goes, in `recording`;
  // a unit walked by an earlier lint is dispatched from its list instead, whose nodes already
  // have their parents (the update sets the unit's own).
  let depth = 0;
  let parent: ts.Node = sourceFile;
  let recording: WalkedNodes | undefined = options.incremental === true && lastTreesLimit > 0 ? [] : undefined;
  // Nodes an update made hold slices of this version's text (see detachFromText); the ones it
  // reused were seen by an earlier lint, and the walk meets each new node below.
  const detachNewNodes = recording !== undefined && updatedTrees.has(sourceFile);
  const visit = (node: ts.Node): void => {
    const outer = recording;
    const unit = outer !== undefined && isUnitKind[node.kind] === 1;
    if (unit) {
      const walked = walkedUnits.get(node);
      if (walked !== undefined) {
        walkStatistics.replayedUnits++;
        setParent(node, parent);
        replay(walked);
        outer.push(walked);
        return;
      }
      recording = [];
    }
    if (node !== sourceFile) setParent(node, parent);
    if (detachNewNodes) detachFromText(node);
    recording?.push(node);
    const handlers = handlersByKind[node.kind];
    if (handlers !== undefined) dispatch(node, handlers);
    if (depth < RECURSION_DEPTH_LIMIT) {
      depth++;
      parent = node;
      forEachChild(node, visit);
      parent = node.parent;
      depth--;
    } else {
      walkIteratively(node);
    }
    if (unit) keepUnit(node, outer);
  };
  const walkIteratively = (root: ts.Node): void => forEachDescendant(root, (node) => {
    if (detachNewNodes) detachFromText(node);
    const handlers = handlersByKind[node.kind];
    if (handlers !== undefined) dispatch(node, handlers);
    recording?.push(node);
    return true;
  });
  const replay = (walked: WalkedNodes): void => {
    for (let i = 0; i < walked.length; i++) {
      const entry = walked[i];
      if (Array.isArray(entry)) {
        replay(entry);
      } else {
        const handlers = handlersByKind[(entry as ts.Node).kind];
        if (handlers !== undefined) dispatch(entry as ts.Node, handlers);
      }
    }
  };
  /** Ends the recording of a unit: its list goes into the enclosing one, nested or inline. */
  const keepUnit = (node: ts.Node, outer: WalkedNodes): void => {
    const own = recording!;
    recording = outer;
    if (own.length < MIN_UNIT_NODES) {
      for (const entry of own) outer.push(entry);
    } else {
      walkedUnits.set(node, own);
      outer.push(own);
    }
  };
  visit(sourceFile);
  recording = undefined;
  traversalDone = true;
  for (const { run, ruleIndex } of fileEnds) {
    if (failedRules[ruleIndex] === 1) continue;
    try {
      run();
    } catch (error) {
      fail(ruleIndex, error);
    }
  }

  if (syntaxErrors.length > 0 && options.reportSyntaxErrors !== false) {
    const first = syntaxErrors[0];
    const where = positionAt(sourceFile, first.start);
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    const count = syntaxErrors.length === 1 ? '1 syntax error' : `${syntaxErrors.length} syntax errors`;
    findings.push(noticeFinding(sourceFile, 'syntax-error',
      `${count} (first at ${where.line}:${where.column}: ${text}); findings cover the parts that parse.`,
      first.start, first.start + first.length));
  }

  return applySuppressions(sourceFile, findings, syntaxErrors.length, options.knownRuleIds);
}

function applySuppressions(
  sourceFile: ts.SourceFile,
  findings: Finding[],
  syntaxErrorCount: number,
  knownRuleIds: ReadonlySet<string> | undefined,
): LintResult {
  const directives = parseDirectives(sourceFile);
  // Not kept.push(...findings): a spread passes every finding as an argument, and past about
  // 125,000 of them (a generated 20 MB file has 216,000) the call overflows the stack.
  const kept: Finding[] = directives.length === 0 ? findings.slice() : [];
  const suppressed: SuppressedFinding[] = [];
  if (directives.length > 0) {
    const index = new SuppressionIndex(directives);
    for (const finding of findings) {
      const directive = index.find(finding.ruleId, finding.startPos.line);
      if (directive) suppressed.push({ ...finding, justification: directive.reason });
      else kept.push(finding);
    }
    if (knownRuleIds) {
      for (const directive of directives) {
        const unknown = directive.ruleIds.filter((id) => !knownRuleIds.has(id));
        if (unknown.length > 0) {
          kept.push(noticeFinding(sourceFile, 'invalid-directive',
            `Unknown rule ${unknown.map((id) => `'${id}'`).join(', ')} in leaklint-${directive.kind} comment.`,
            directive.start, directive.end));
        }
      }
    }
  }
  kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: kept, suppressed, syntaxErrorCount };
}

/**
 * The last tree of each document linted while incremental parsing is on, with how many updates
 * in a row made it; most recent last.
 */
const lastTrees = new Map<string, { tree: ts.SourceFile; updates: number }>();

/** Trees made by `ts.updateSourceFile` rather than a fresh parse. */
const updatedTrees = new WeakSet<ts.SourceFile>();

/**
 * A tree updated from a tree updated from a tree… used to keep every version's text alive,
 * through the parser's slices of it (26 MB grew to 68 MB over 1,000 single-character edits of a
 * 5,000-line file); the walk now copies the strings of the nodes an update makes (see
 * `detachFromText` in source.ts), and the heap stays flat. What a long chain still costs is
 * time: its nodes lie scattered over the heap, and after a few hundred updates a lint took about
 * a millisecond more than on a tree parsed afresh (paired runs, bench/paired-edits.ts). An editor
 * parses afresh while the user pauses (`refreshTree`); during uninterrupted typing, a fresh parse
 * after this many updates (40 ms on that file) bounds it.
 */
export const MAX_UPDATES_IN_A_ROW = 100;
let lastTreesLimit = 0;

/**
 * An editor lints the same document again after every keystroke. With incremental parsing on,
 * `lintText` keeps the last tree of the `maxDocuments` most recently linted paths and re-parses
 * a new version of one with `ts.updateSourceFile`, which reuses every node outside the edit:
 * about five times faster than a full parse on a 5,000-line file, with the same tree. Off (0) by
 * default: a batch run lints each file once, and kept trees would only cost memory.
 */
export function setIncrementalParsing(maxDocuments: number): void {
  lastTreesLimit = Math.max(0, Math.floor(maxDocuments));
  while (lastTrees.size > lastTreesLimit) lastTrees.delete(lastTrees.keys().next().value!);
}

/**
 * Replaces the kept tree of a document that was updated in place by a fresh parse of the same
 * text, which ends the chain of updates: for an editor to call while the user pauses, so the
 * fresh parse is not paid on a keystroke. Does nothing when the kept tree is of another text.
 *
 * The fresh tree is walked once here, with no rule: its nodes are new, so without it the next
 * edit's lint would walk the whole tree again instead of replaying the units the edit did not
 * touch. On the 5,000-line file that first edit after a pause took about 30 ms against 10 to 16.
 */
export function refreshTree(filePath: string, text: string): boolean {
  const kept = lastTrees.get(filePath);
  if (!kept || kept.updates === 0 || kept.tree.text !== text) return false;
  try {
    const fresh = parseSource(filePath, text);
    lintSourceFile(fresh, filePath, [], { incremental: true });
    kept.tree = fresh;
    kept.updates = 0;
    return true;
  } catch {
    lastTrees.delete(filePath);
    return false;
  }
}

/** Drops the tree kept for a document (closed, or linted for a warm-up). */
export function forgetTree(filePath: string): void {
  lastTrees.delete(filePath);
}

/**
 * Characters compared at a time while looking for the edit: comparing two slices is one native
 * comparison, where a character loop over a 200 kB text took most of a millisecond.
 */
const COMPARED_CHUNK = 4096;

/** The one span of `before` that `after` replaces (common prefix and suffix excluded). */
export function changeBetween(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start + COMPARED_CHUNK <= shorter && before.slice(start, start + COMPARED_CHUNK) === after.slice(start, start + COMPARED_CHUNK)) {
    start += COMPARED_CHUNK;
  }
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (beforeEnd - COMPARED_CHUNK >= start && afterEnd - COMPARED_CHUNK >= start &&
    before.slice(beforeEnd - COMPARED_CHUNK, beforeEnd) === after.slice(afterEnd - COMPARED_CHUNK, afterEnd)) {
    beforeEnd -= COMPARED_CHUNK;
    afterEnd -= COMPARED_CHUNK;
  }
  while (beforeEnd > start && afterEnd > start && before.charCodeAt(beforeEnd - 1) === after.charCodeAt(afterEnd - 1)) {
    beforeEnd--;
    afterEnd--;
  }
  return ts.createTextChangeRange(ts.createTextSpan(start, beforeEnd - start), afterEnd - start);
}

function parse(filePath: string, text: string, incremental: boolean): ts.SourceFile {
  if (lastTreesLimit === 0 || !incremental) return parseSource(filePath, text);
  const previous = lastTrees.get(filePath);
  // updateSourceFile moves the nodes it reuses into the new tree: the old one is spent either way.
  lastTrees.delete(filePath);
  let sourceFile: ts.SourceFile | undefined;
  let updates = 0;
  if (previous && previous.updates < MAX_UPDATES_IN_A_ROW) {
    const change = changeBetween(previous.tree.text, text);
    // Past half the file, reusing nodes saves little and a fresh parse is the simpler path.
    if (change.span.length + change.newLength <= text.length / 2) {
      try {
        sourceFile = ts.updateSourceFile(previous.tree, text, change);
        updatedTrees.add(sourceFile);
        carryLineStarts(previous.tree, sourceFile, change);
        updates = previous.updates + 1;
      } catch {
        sourceFile = undefined;
      }
    }
  }
  sourceFile ??= parseSource(filePath, text);
  lastTrees.set(filePath, { tree: sourceFile, updates });
  if (lastTrees.size > lastTreesLimit) lastTrees.delete(lastTrees.keys().next().value!);
  return sourceFile;
}

export function lintText(
  filePath: string,
  text: string,
  enabledRules: readonly EnabledRule[],
  options: LintTextOptions = {},
): LintResult {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parse(filePath, text, options.incremental === true);
  } catch (error) {
    if (!(error instanceof NestingTooDeepError)) throw error;
    return { findings: [skippedFinding(error.message)], suppressed: [], syntaxErrorCount: 0 };
  }
  return lintSourceFile(sourceFile, filePath, enabledRules, options);
}
