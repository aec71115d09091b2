import { printable } from '../../engine/printable';
import type { Severity } from '../../engine/rule';
import { totalsOf, type ReportedFile } from '../report';

export interface StylishOptions {
  color: boolean;
  fileCount: number;
  elapsedMs: number;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, underline: 4, bold: 1 } as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatStylish(files: readonly ReportedFile[], options: StylishOptions): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `\u001b[${ANSI[code]}m${text}\u001b[0m` : text);
  const severityLabel: Record<Severity, string> = {
    error: paint('red', 'error'),
    warning: paint('yellow', 'warning'),
    info: paint('cyan', 'info'),
  };
  const lines: string[] = [];
  for (const file of files) {
    const findings = file.result.findings;
    if (findings.length === 0) continue;
    lines.push(paint('underline', printable(file.path)));
    const rows = findings.map((finding) => ({
      where: `${finding.startPos.line}:${finding.startPos.column}`,
      severity: finding.severity,
      message: printable(finding.message),
      ruleId: finding.ruleId,
    }));
    // reduce, not Math.max(...rows): a spread of 100,000+ rows overflows the stack.
    const whereWidth = rows.reduce((width, row) => Math.max(width, row.where.length), 0);
    const messageWidth = Math.min(100, rows.reduce((width, row) => Math.max(width, row.message.length), 0));
    for (const row of rows) {
      const severityPad = ' '.repeat('warning'.length - row.severity.length);
      lines.push(`  ${paint('dim', row.where.padEnd(whereWidth))}  ${severityLabel[row.severity]}${severityPad}  ${row.message.padEnd(messageWidth)}  ${paint('dim', row.ruleId)}`);
    }
    lines.push('');
  }
  const totals = totalsOf(files);
  const problems = totals.errors + totals.warnings + totals.infos;
  const seconds = (options.elapsedMs / 1000).toFixed(1);
  if (problems === 0) {
    lines.push(paint('green', `✔ No leak patterns found in ${plural(options.fileCount, 'file')} (${seconds} s).`));
  } else {
    const summary = `✖ ${plural(problems, 'problem')} (${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}, ${totals.infos} info) in ${plural(options.fileCount, 'file')} (${seconds} s)`;
    lines.push(paint('bold', totals.errors > 0 ? paint('red', summary) : paint('yellow', summary)));
    if (totals.fixable > 0) lines.push(`  ${plural(totals.fixable, 'problem')} fixable with the \`--fix\` option.`);
  }
  return `${lines.join('\n')}\n`;
}
