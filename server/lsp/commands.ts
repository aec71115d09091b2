import { ResponseError, ErrorCodes, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits } from './fix-all';
import type { LintRunner } from './lint-runner';
import { APPLY_FIX_ALL_COMMAND, FIX_ALL_TITLE, SHOW_DOCUMENTATION_COMMAND, type ApplyFixAllArgs, type FixAllOutcome } from './protocol';
import type { LeakLintSettings } from './settings';
import { versionedEdit } from './text-edits';

export interface CommandDeps {
  documents: TextDocuments<TextDocument>;
  settingsFor: (uri: string) => Promise<LeakLintSettings>;
  runner: LintRunner;
  supportsDocumentChanges: () => boolean;
  openExternal: (uri: string) => void;
}

function isApplyFixAllArgs(value: unknown): value is ApplyFixAllArgs {
  const args = value as ApplyFixAllArgs | undefined;
  return typeof args?.uri === 'string' && typeof args.version === 'number';
}

/** `workspace/executeCommand` for the server's commands (fix-all from a command, opening docs). */
export function registerCommands(connection: Connection, deps: CommandDeps): void {
  connection.onExecuteCommand(async (params): Promise<FixAllOutcome | undefined> => {
    if (params.command === SHOW_DOCUMENTATION_COMMAND) {
      const url = params.arguments?.[0];
      if (typeof url === 'string') deps.openExternal(url);
      return undefined;
    }
    if (params.command !== APPLY_FIX_ALL_COMMAND) {
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}`);
    }
    const args = params.arguments?.[0];
    if (!isApplyFixAllArgs(args)) throw new ResponseError(ErrorCodes.InvalidParams, `${APPLY_FIX_ALL_COMMAND} expects { uri, version }`);
    const document = deps.documents.get(args.uri);
    if (!document) return { applied: false, reason: 'The document is not open.' };
    const stale = { applied: false, reason: 'The document changed since the command was given; nothing was applied.' };
    if (document.version !== args.version) return stale;
    const settings = await deps.settingsFor(args.uri);
    if (deps.documents.get(args.uri)?.version !== args.version) return stale;
    const edits = fixAllEdits(document, settings, deps.runner);
    if (!edits) return { applied: false, reason: 'Nothing to fix.' };
    const result = await connection.workspace.applyEdit({
      label: FIX_ALL_TITLE,
      edit: versionedEdit(args.uri, args.version, edits, deps.supportsDocumentChanges()),
    });
    return result.applied ? { applied: true } : { applied: false, reason: result.failureReason ?? 'The editor refused the edit (the document changed).' };
  });
}
