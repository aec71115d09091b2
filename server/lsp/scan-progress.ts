import type { Connection } from 'vscode-languageserver/node';
import type { ScanProgress } from './workspace-scan';

export interface ScanProgressHandle {
  reporter: ScanProgress;
  /** True once the user pressed Cancel on a progress the server created. */
  isCancelled: () => boolean;
}

const SILENT: ScanProgress = { begin() {}, report() {}, done() {} };

/**
 * The scan's work-done progress: on the client's token when the request carried one (the client
 * then owns the UI and cancels the request itself), else one the server creates, when it can.
 */
export async function scanProgressFor(connection: Connection, clientToken: string | number | undefined, serverProgress: boolean): Promise<ScanProgressHandle> {
  if (clientToken !== undefined) {
    return { reporter: connection.window.attachWorkDoneProgress(clientToken), isCancelled: () => false };
  }
  if (!serverProgress) return { reporter: SILENT, isCancelled: () => false };
  try {
    const progress = await connection.window.createWorkDoneProgress();
    return { reporter: progress, isCancelled: () => progress.token.isCancellationRequested };
  } catch {
    return { reporter: SILENT, isCancelled: () => false };
  }
}
