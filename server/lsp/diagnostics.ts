import {
  DiagnosticSeverity,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { isNoticeId, NOTICES_DOCS_URL } from '../engine/notices';
import type { RuleRegistry } from '../engine/registry';
import type { Finding, LocatedFix, Position, Severity } from '../engine/rule';
import { SERVER_ID } from './protocol';

/** A fix or suggestion in LSP terms. */
export interface LspFix {
  title: string;
  edits: TextEdit[];
}

/** What each diagnostic carries in `data` so code actions need no second lint. */
export interface DiagnosticData {
  /** The document version the edits refer to. */
  version: number | null;
  docsUrl: string;
  /** True for engine notices (syntax errors, skipped files), which have no disable comment. */
  notice: boolean;
  fix?: LspFix;
  suggestions: LspFix[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function toLspPosition(position: Position): { line: number; character: number } {
  return { line: position.line - 1, character: position.column - 1 };
}

export function toRange(start: Position, end: Position): Range {
  return { start: toLspPosition(start), end: toLspPosition(end) };
}

export function toLspFix(fix: LocatedFix): LspFix {
  return {
    title: fix.title,
    edits: fix.edits.map((edit) => ({ range: toRange(edit.startPos, edit.endPos), newText: edit.text })),
  };
}

export function docsUrlOf(ruleId: string, registry: RuleRegistry): string {
  return registry.get(ruleId)?.meta.docsUrl ?? NOTICES_DOCS_URL;
}

export function toDiagnostic(finding: Finding, uri: string, version: number | null, registry: RuleRegistry): Diagnostic {
  const docsUrl = docsUrlOf(finding.ruleId, registry);
  const data: DiagnosticData = {
    version,
    docsUrl,
    notice: isNoticeId(finding.ruleId),
    fix: finding.fix && toLspFix(finding.fix),
    suggestions: finding.suggestions.map(toLspFix),
  };
  const diagnostic: Diagnostic = {
    range: toRange(finding.startPos, finding.endPos),
    severity: SEVERITY[finding.severity],
    source: SERVER_ID,
    code: finding.ruleId,
    codeDescription: { href: docsUrl },
    message: finding.message,
    data,
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri, range: toRange(related.startPos, related.endPos) },
      message: related.message,
    }));
  }
  return diagnostic;
}

export function toDiagnostics(findings: readonly Finding[], uri: string, version: number | null, registry: RuleRegistry): Diagnostic[] {
  return findings.map((finding) => toDiagnostic(finding, uri, version, registry));
}

export function isLeakLintDiagnostic(diagnostic: Diagnostic): boolean {
  return diagnostic.source === SERVER_ID && typeof diagnostic.code === 'string';
}

export function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || !Array.isArray(data.suggestions) || typeof data.docsUrl !== 'string') return undefined;
  return data as DiagnosticData;
}
