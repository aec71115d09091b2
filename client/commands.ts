import { commands, window, type Disposable, type OutputChannel } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { APPLY_FIX_ALL_COMMAND, type ApplyFixAllArgs, type FixAllOutcome, type ScanSummary } from '../server/lsp/protocol';
import { LANGUAGES } from './language-client';
import { OPEN_PROBLEMS_COMMAND, scanWorkspace } from './scan';
import { STATUS_BAR_COMMAND, type LeakLintStatusBar } from './status-bar';

export const COMMANDS = {
  scanWorkspace: 'leaklint.scanWorkspace',
  fixAllInFile: 'leaklint.fixAllInFile',
  showOutput: 'leaklint.showOutput',
  restartServer: 'leaklint.restartServer',
} as const;

export interface CommandContext {
  client: () => LanguageClient;
  outputChannel: OutputChannel;
  statusBar: LeakLintStatusBar;
}

async function fixAllInFile(context: CommandContext): Promise<FixAllOutcome | undefined> {
  const editor = window.activeTextEditor;
  if (!editor || !(LANGUAGES as readonly string[]).includes(editor.document.languageId)) {
    void window.showInformationMessage('LeakLint: open a TypeScript or JavaScript file to fix.');
    return undefined;
  }
  const client = context.client();
  const args: ApplyFixAllArgs = { uri: client.code2ProtocolConverter.asUri(editor.document.uri), version: editor.document.version };
  const outcome = await client.sendRequest(ExecuteCommandRequest.type, { command: APPLY_FIX_ALL_COMMAND, arguments: [args] }) as FixAllOutcome;
  if (!outcome.applied) void window.showInformationMessage(`LeakLint: ${outcome.reason ?? 'nothing was fixed.'}`);
  return outcome;
}

export function registerCommands(context: CommandContext): Disposable[] {
  return [
    commands.registerCommand(COMMANDS.scanWorkspace, async (): Promise<ScanSummary | undefined> => {
      context.statusBar.setState('scanning');
      try {
        const summary = await scanWorkspace(context.client());
        if (summary && !summary.cancelled) context.statusBar.scanned = true;
        return summary;
      } finally {
        context.statusBar.setState('running');
      }
    }),
    commands.registerCommand(COMMANDS.fixAllInFile, () => fixAllInFile(context)),
    commands.registerCommand(COMMANDS.showOutput, () => context.outputChannel.show(true)),
    commands.registerCommand(COMMANDS.restartServer, async () => {
      context.statusBar.setState('starting');
      await context.client().restart();
    }),
    commands.registerCommand(STATUS_BAR_COMMAND, () =>
      context.statusBar.scanned ? commands.executeCommand(OPEN_PROBLEMS_COMMAND) : commands.executeCommand(COMMANDS.scanWorkspace)),
  ];
}
