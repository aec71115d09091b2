import type * as ts from 'typescript';
import type { FileFacts } from './facts';
import type { JsonSchema } from './schema';

export type Severity = 'info' | 'warning' | 'error';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** A replacement of the text in [start, end) by `text`, in UTF-16 offsets of the linted text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A named group of edits that must be applied together. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  start: number;
  end: number;
  message: string;
}

/** What a rule hands to `context.report`. */
export interface ReportDescriptor {
  node?: ts.Node;
  /** Overrides `node`: an explicit range. */
  range?: { start: number; end: number };
  message: string;
  related?: Array<{ node?: ts.Node; range?: { start: number; end: number }; message: string }>;
  /** Applied by `--fix` and fix-all: must not change behaviour beyond removing the leak. */
  fix?: Fix;
  /** Offered in the editor, never applied automatically. */
  suggestions?: Fix[];
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

/** An edit with its line and column, so adapters can use it without the source text. */
export interface LocatedEdit extends TextEdit {
  startPos: Position;
  endPos: Position;
}

export interface LocatedFix {
  title: string;
  edits: LocatedEdit[];
}

export interface Finding {
  ruleId: string;
  message: string;
  severity: Severity;
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
  related: Array<RelatedLocation & { startPos: Position; endPos: Position }>;
  fix?: LocatedFix;
  suggestions: LocatedFix[];
}

export interface RuleMeta {
  id: string;
  /** One sentence, used as SARIF shortDescription and in `--help`-style listings. */
  description: string;
  defaultSeverity: Severity;
  docsUrl: string;
  /** True when the rule can produce `fix` (applied by --fix); suggestions do not count. */
  fixable: boolean;
  hasSuggestions: boolean;
  /** JSON schema of the options object; `{ type: 'object', properties: {}, additionalProperties: false }` when none. */
  optionsSchema: JsonSchema;
  defaultOptions: Record<string, unknown>;
  /** Which stories of LEAK-STORIES.md the rule comes from. */
  stories: number[];
  /** Set when the rule reads `context.facts`; the engine collects facts only for such rules. */
  usesFacts: boolean;
}

export type NodeVisitor = (node: ts.Node) => void;

/**
 * What `create` returns: handlers keyed by `ts.SyntaxKind`, plus an optional `fileEnd`
 * that runs after the single traversal, when shared facts are complete.
 *
 * The traversal sets parent pointers as it goes (the engine parses without them), so a handler
 * may follow `parent` up from the node it is given, but not from a node below it, and `create`
 * not at all: pass `context.sourceFile` to `getStart`, and never call `getText()` or
 * `getSourceFile()` on a node below. In `fileEnd` every node has its parent.
 */
export interface RuleVisitor {
  [kind: number]: NodeVisitor;
  fileEnd?: () => void;
}

/** What `create` returns for a file it can tell from the text alone has nothing to report. */
export const NOTHING_TO_CHECK: RuleVisitor = Object.freeze({});

export interface RuleContext<Options = Record<string, unknown>> {
  readonly sourceFile: ts.SourceFile;
  readonly filePath: string;
  readonly text: string;
  readonly options: Options;
  /** Facts shared by all rules. Complete only in `fileEnd`. */
  readonly facts: FileFacts;
  /**
   * The one value `create` makes for this file, made on the first call: the rules that ask with the
   * same `create` share it, so an index several rules build from the walk is built once. `create`
   * depends on the file only, never on a rule's options.
   */
  shared<T>(create: (sourceFile: ts.SourceFile) => T): T;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  create(context: RuleContext<Options>): RuleVisitor;
}

/** Lets a rule file declare its options type while the registry stores rules uniformly. */
export function defineRule<Options>(rule: Rule<Options>): Rule<Record<string, unknown>> {
  return rule as unknown as Rule<Record<string, unknown>>;
}
