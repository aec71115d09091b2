import { Disposable, languages, StatusBarAlignment, ThemeColor, window, type StatusBarItem } from 'vscode';
import { SERVER_ID } from '../server/lsp/protocol';

export type ServerState = 'starting' | 'running' | 'scanning' | 'stopped';

/** Recounting every diagnostic on each change is wasteful while typing; once per this often is enough. */
const RECOUNT_DELAY_MS = 250;

export const STATUS_BAR_COMMAND = 'leaklint.statusBarClicked';

/** LeakLint's state and the number of LeakLint findings in the workspace. */
export class LeakLintStatusBar implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscription: Disposable;
  private state: ServerState = 'starting';
  private findings = 0;
  private recount: NodeJS.Timeout | undefined;
  scanned = false;

  constructor() {
    this.item = window.createStatusBarItem('leaklint.status', StatusBarAlignment.Right, 100);
    this.item.name = 'LeakLint';
    this.item.command = STATUS_BAR_COMMAND;
    this.subscription = languages.onDidChangeDiagnostics(() => {
      clearTimeout(this.recount);
      this.recount = setTimeout(() => this.count(), RECOUNT_DELAY_MS);
    });
    this.count();
    this.item.show();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  get findingCount(): number {
    return this.findings;
  }

  private count(): void {
    let findings = 0;
    for (const [, diagnostics] of languages.getDiagnostics()) {
      for (const diagnostic of diagnostics) if (diagnostic.source === SERVER_ID) findings++;
    }
    this.findings = findings;
    this.render();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (this.state) {
      case 'starting':
        item.text = '$(sync~spin) LeakLint';
        item.tooltip = 'LeakLint is starting.';
        return;
      case 'scanning':
        item.text = `$(sync~spin) LeakLint: ${this.findings}`;
        item.tooltip = 'LeakLint is scanning the workspace.';
        return;
      case 'stopped':
        item.text = '$(error) LeakLint';
        item.tooltip = 'The LeakLint server is not running. Run "LeakLint: Restart Server", or see "LeakLint: Show Output".';
        item.backgroundColor = new ThemeColor('statusBarItem.errorBackground');
        return;
      default:
        item.text = this.findings > 0 ? `$(warning) LeakLint: ${this.findings}` : '$(check) LeakLint';
        item.tooltip = `LeakLint: ${this.findings === 1 ? '1 finding' : `${this.findings} findings`} in ${this.scanned ? 'the workspace' : 'open files'}. ` +
          (this.scanned ? 'Click to open Problems.' : 'Click to scan the workspace.');
    }
  }

  dispose(): void {
    clearTimeout(this.recount);
    this.subscription.dispose();
    this.item.dispose();
  }
}
