import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in `cwd`. */
export function runLeaklint(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  if (child.error) throw child.error;
  return { status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}
