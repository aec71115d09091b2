import type { Diagnostic } from 'vscode-languageserver';

export type SendDiagnostics = (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => void;

/**
 * Pushes diagnostics (`textDocument/publishDiagnostics`) and remembers which URIs currently
 * show some, so they can be cleared on close and counted in the internal state.
 */
export class DiagnosticsPublisher {
  private readonly nonEmpty = new Set<string>();

  constructor(private readonly send: SendDiagnostics) {}

  publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length === 0 && !this.nonEmpty.has(uri)) return;
    this.send({ uri, version, diagnostics });
    if (diagnostics.length > 0) this.nonEmpty.add(uri);
    else this.nonEmpty.delete(uri);
  }

  clear(uri: string): void {
    this.publish(uri, []);
  }

  has(uri: string): boolean {
    return this.nonEmpty.has(uri);
  }

  get uris(): string[] {
    return [...this.nonEmpty];
  }
}
