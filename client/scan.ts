import { commands, ProgressLocation, window } from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { SCAN_WORKSPACE_REQUEST, type ScanSummary, type ScanWorkspaceParams } from '../server/lsp/protocol';

let scanCounter = 0;

export const OPEN_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

/**
 * Runs the server's workspace scan behind a cancellable notification fed by the server's
 * work-done progress, then shows the summary with "Open Problems".
 */
export async function scanWorkspace(client: LanguageClient): Promise<ScanSummary | undefined> {
  const workDoneToken = `leaklint-scan-${process.pid}-${++scanCounter}`;
  const summary = await window.withProgress(
    { location: ProgressLocation.Notification, title: 'LeakLint: Scanning workspace', cancellable: true },
    async (progress, cancellation) => {
      let reported = 0;
      const subscription = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? reported;
        progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
        reported = Math.max(reported, percentage);
      });
      try {
        const params: ScanWorkspaceParams = { workDoneToken };
        return await client.sendRequest<ScanSummary>(SCAN_WORKSPACE_REQUEST, params, cancellation);
      } catch (error) {
        if (cancellation.isCancellationRequested) return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
  if (summary) void showSummary(summary);
  else void window.showInformationMessage('LeakLint: workspace scan cancelled.');
  return summary;
}

export function describeSummary(summary: ScanSummary): string {
  const findings = summary.findings === 1 ? '1 finding' : `${summary.findings} findings`;
  const files = summary.files === 1 ? '1 file' : `${summary.files} files`;
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const where = summary.findings > 0 ? ` in ${summary.filesWithFindings} of ${files}` : ` in ${files}`;
  return `LeakLint: ${summary.cancelled ? 'scan cancelled; so far ' : ''}${findings}${where} (${seconds} s).`;
}

async function showSummary(summary: ScanSummary): Promise<void> {
  const openProblems = 'Open Problems';
  const picked = await window.showInformationMessage(describeSummary(summary), openProblems);
  if (picked === openProblems) await commands.executeCommand(OPEN_PROBLEMS_COMMAND);
}
