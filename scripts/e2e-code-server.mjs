// Starts code-server (a real VS Code 1.100.3) on loopback and opens it in headless Chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { CHROMIUM } from './e2e-install.mjs';

/** Settings for a quiet workbench: no welcome page, no TypeScript diagnostics beside LeakLint's. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'typescript.validate.enable': false,
  'javascript.validate.enable': false,
  'typescript.suggestionActions.enabled': false,
  'javascript.suggestionActions.enabled': false,
  'editor.lightbulb.enabled': 'on',
  'files.autoSave': 'off',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function codeServerEntry(codeServerDir) {
  return path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** `code-server --install-extension`, with config and data kept inside `stateDir`. */
export function xdgEnv(stateDir) {
  return { XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'), XDG_DATA_HOME: path.join(stateDir, 'xdg-data') };
}

/**
 * Starts code-server for `workspace` with a fresh user-data-dir under `stateDir`; resolves once
 * it listens. `env` is passed through to the extension host (the harness reads it there).
 */
export async function startCodeServer({ codeServerDir, stateDir, extensionsDir, workspace, env = {}, log }) {
  const userDataDir = path.join(stateDir, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const port = await freePort();
  const child = spawn(process.execPath, [
    codeServerEntry(codeServerDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ], { env: { ...process.env, ...xdgEnv(stateDir), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => {
    output += chunk.toString();
    log?.(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      if (/HTTP server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    child,
    output: () => output,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

/** Headless Debian Chromium through playwright-core (from the code-server folder, not the project). */
export async function openBrowser(codeServerDir, profileDir) {
  const { chromium } = createRequire(path.join(codeServerDir, 'package.json'))('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page };
}
