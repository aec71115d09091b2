import { commands, window, type ExtensionContext } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createLanguageClient, LANGUAGES } from './language-client';
import { LeakLintStatusBar } from './status-bar';

let client: LanguageClient | undefined;

/** What `activate` returns: used by the integration tests (and by anyone scripting LeakLint). */
export interface LeakLintApi {
  client: LanguageClient;
}

export async function activate(context: ExtensionContext): Promise<LeakLintApi> {
  // For the `when` clause of "LeakLint: Fix All in File" in the command palette.
  void commands.executeCommand('setContext', 'leaklint.languages', LANGUAGES);
  const outputChannel = window.createOutputChannel('LeakLint');
  const statusBar = new LeakLintStatusBar();
  const languageClient = createLanguageClient(context, outputChannel);
  client = languageClient;
  context.subscriptions.push(
    outputChannel,
    statusBar,
    languageClient.onDidChangeState((event) => {
      statusBar.setState(event.newState === State.Running ? 'running' : event.newState === State.Starting ? 'starting' : 'stopped');
    }),
    ...registerCommands({ client: () => languageClient, outputChannel, statusBar }),
  );
  try {
    await languageClient.start();
    statusBar.setState('running');
  } catch (error) {
    // Commands stay registered: "Restart Server" and "Show Output" are how the user recovers.
    statusBar.setState('stopped');
    outputChannel.appendLine(`LeakLint server failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    void window.showErrorMessage('LeakLint: the server failed to start. See "LeakLint: Show Output".');
  }
  return { client: languageClient };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
