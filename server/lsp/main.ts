import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The transport comes from the command line: --stdio, --node-ipc (VS Code), --socket=N or --pipe=NAME.
const connection = createConnection(ProposedFeatures.all);
const { problems } = startServer(connection);

// A bug in one lint must not take the editor's diagnostics down with it.
const reportCrash = (error: unknown) => problems.report({
  key: `internal:${error instanceof Error ? error.message : String(error)}`,
  message: 'LeakLint hit an internal error and keeps running; details are in the LeakLint output.',
  details: error instanceof Error ? error.stack ?? error.message : String(error),
});
process.on('uncaughtException', reportCrash);
process.on('unhandledRejection', reportCrash);
