import { NOTICES, NOTICES_DOCS_URL } from '../../engine/notices';
import type { RuleRegistry } from '../../engine/registry';
import type { LocatedFix, Position, Severity } from '../../engine/rule';
import { INFORMATION_URI, TOOL_NAME, VERSION } from '../../version';
import type { ReportedFile } from '../report';

const LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = { info: 'note', warning: 'warning', error: 'error' };
/** Result paths are relative; consumers (code-scanning dashboards) resolve them against the checkout. */
const BASE_ID = '%SRCROOT%';

function region(start: Position, end: Position) {
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

function encodePath(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}

export interface SarifOptions {
  registry: RuleRegistry;
  /** Messages about the run itself (files that could not be walked). */
  notifications?: string[];
}

/** A SARIF 2.1.0 log with one run. */
export function buildSarif(files: readonly ReportedFile[], options: SarifOptions): object {
  const descriptors = [
    ...options.registry.rules.map((rule) => ({
      id: rule.meta.id,
      name: rule.meta.id,
      shortDescription: { text: rule.meta.description },
      helpUri: rule.meta.docsUrl,
      defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
      properties: { fixable: rule.meta.fixable, tags: ['memory-leak'] },
    })),
    ...Object.entries(NOTICES).map(([id, notice]) => ({
      id,
      name: id,
      shortDescription: { text: notice.description },
      helpUri: NOTICES_DOCS_URL,
      defaultConfiguration: { level: LEVEL[notice.severity] },
      properties: { tags: ['leaklint-notice'] },
    })),
  ];
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));

  const results = files.flatMap((file) => {
    const artifactLocation = { uri: encodePath(file.path), uriBaseId: BASE_ID };
    const toSarifFix = (fix: LocatedFix) => ({
      description: { text: fix.title },
      artifactChanges: [{
        artifactLocation,
        replacements: fix.edits.map((edit) => ({
          deletedRegion: region(edit.startPos, edit.endPos),
          insertedContent: { text: edit.text },
        })),
      }],
    });
    const active = file.result.findings.map((finding) => ({ finding, justification: undefined as string | undefined, suppressed: false }));
    const suppressed = file.result.suppressed.map((finding) => ({ finding, justification: finding.justification, suppressed: true }));
    const inOrder = [...active, ...suppressed].sort((a, b) => a.finding.start - b.finding.start);
    return inOrder.map(({ finding, justification, suppressed: isSuppressed }) => ({
      ruleId: finding.ruleId,
      ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(finding.startPos, finding.endPos) } }],
      ...(finding.related.length > 0
        ? {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            message: { text: related.message },
            physicalLocation: { artifactLocation, region: region(related.startPos, related.endPos) },
          })),
        }
        : {}),
      ...(finding.fix ? { fixes: [toSarifFix(finding.fix)] } : {}),
      ...(isSuppressed ? { suppressions: [{ kind: 'inSource', ...(justification ? { justification } : {}) }] } : {}),
    }));
  });

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: INFORMATION_URI,
          rules: descriptors,
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: (options.notifications ?? []).map((text) => ({ level: 'warning', message: { text } })),
      }],
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(files: readonly ReportedFile[], options: SarifOptions): string {
  return `${JSON.stringify(buildSarif(files, options), null, 2)}\n`;
}
