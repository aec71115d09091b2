import * as path from 'node:path';
import type { ExtensionContext, OutputChannel } from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_ID } from '../server/lsp/protocol';

export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/**
 * Local files, unsaved buffers, and virtual file systems (e.g. GitHub Repositories), whose
 * documents are linted from their text with default config.
 */
const SCHEMES = ['file', 'untitled', 'vscode-vfs'];

export const DOCUMENT_SELECTOR: DocumentSelector = LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ scheme, language })));

/** The port "Attach to LeakLint Server" in .vscode/launch.json connects to. */
export const DEBUG_PORT = 6011;

export function createLanguageClient(context: ExtensionContext, outputChannel: OutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // The server registers its own file watchers and configuration section (so every LSP client gets them).
    synchronize: {},
    // onSave as well, so `leaklint.run: onSave` shows results as soon as the file is saved.
    diagnosticPullOptions: { onChange: true, onSave: true },
    initializationOptions: { extensionVersion: context.extension.packageJSON.version as string },
  };
  // The id makes `leaklint.trace.server` work: the client reads `<id>.trace.server`.
  return new LanguageClient(SERVER_ID, 'LeakLint', serverOptions, clientOptions);
}
