// `npm run test:e2e`: LeakLint in a real VS Code (code-server 4.100.3 in headless Chromium).
//  1. installs what is missing (Debian packages, code-server, playwright-core; see e2e-install.mjs),
//  2. packages the .vsix and installs it, with the test-harness extension, into code-server,
//  3. runs the VS Code suite (test/vscode/suite) inside code-server's extension host,
//  4. runs the user-level browser scenario (e2e-browser.mjs), saving screenshots to test-results/e2e/.
// Exits non-zero on any failure.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserScenario } from './e2e-browser.mjs';
import { codeServerEntry, openBrowser, startCodeServer, xdgEnv } from './e2e-code-server.mjs';
import { ensureCodeServer } from './e2e-install.mjs';
import { bundleVscodeTests } from './vscode-test-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const state = path.join(root, '.vscode-test', 'e2e');
const shotsDir = path.join(root, 'test-results', 'e2e');
const fixtureWorkspace = path.join(root, 'test', 'vscode', 'workspace');
const SUITE_LIMIT_MS = 300_000;
const verbose = process.env.LEAKLINT_E2E_VERBOSE === '1';

const log = (message) => console.log(`[e2e] ${message}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function freshWorkspace(name) {
  const dir = path.join(os.tmpdir(), `leaklint-e2e-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixtureWorkspace, dir, { recursive: true });
  return dir;
}

/** What the CLI says about the browser fixture: the fix title and the text after --fix. */
function expectedFromCli(file) {
  const originalText = readFileSync(file, 'utf8');
  const report = JSON.parse(execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), file, '--format', 'json'], { encoding: 'utf8' }));
  const finding = report[0].findings.find((candidate) => candidate.fix);
  if (!finding) throw new Error(`${file} has no finding with a fix; the browser scenario needs one`);
  const copy = path.join(os.tmpdir(), `leaklint-e2e-expected-${process.pid}${path.extname(file)}`);
  writeFileSync(copy, originalText);
  try {
    execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), copy, '--fix', '--rule', `${finding.ruleId}:warning`], { stdio: 'ignore' });
  } catch {
    // Exit status 1 only says findings remain.
  }
  const fixedText = readFileSync(copy, 'utf8');
  rmSync(copy, { force: true });
  return { originalText, fixTitle: finding.fix.title, fixedText };
}

/** The harness as a .vsix: VS Code 1.100 only loads extensions recorded by an install. */
function packageHarness(harnessDir) {
  writeFileSync(path.join(harnessDir, 'README.md'), '# LeakLint test harness\n\nRuns the VS Code suite inside code-server. Test-only.\n');
  cpSync(path.join(root, 'LICENSE'), path.join(harnessDir, 'LICENSE'));
  const vsix = path.join(root, '.vscode-test', 'leaklint-test-harness.vsix');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: harnessDir, stdio: verbose ? 'inherit' : 'ignore' });
  return vsix;
}

async function runSuiteInCodeServer(codeServerDir, extensionsDir) {
  const workspace = freshWorkspace('suite');
  const resultsFile = path.join(state, 'suite-results.json');
  rmSync(resultsFile, { force: true });
  const server = await startCodeServer({
    codeServerDir,
    stateDir: path.join(state, 'suite'),
    extensionsDir,
    workspace,
    env: { LEAKLINT_VSCODE_RESULTS: resultsFile, LEAKLINT_REPO_ROOT: root },
    log: verbose ? (text) => process.stdout.write(text) : undefined,
  });
  const browser = await openBrowser(codeServerDir, path.join(state, 'suite', 'chromium'));
  try {
    // The extension host (and with it the harness) starts when a browser connects.
    await browser.page.goto(server.url);
    await browser.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const deadline = Date.now() + SUITE_LIMIT_MS;
    while (!existsSync(resultsFile)) {
      if (server.child.exitCode !== null) throw new Error(`code-server exited during the suite:\n${server.output()}`);
      if (Date.now() > deadline) {
        await browser.page.screenshot({ path: path.join(shotsDir, 'suite-timeout.png') }).catch(() => undefined);
        throw new Error(`The suite wrote no results within ${SUITE_LIMIT_MS / 1000} s. code-server output:\n${server.output().slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return JSON.parse(readFileSync(resultsFile, 'utf8'));
  } finally {
    await browser.context.close().catch(() => undefined);
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function runScenario(codeServerDir, extensionsDir) {
  const workspace = freshWorkspace('browser');
  const fixture = 'src/browser.ts';
  const expected = expectedFromCli(path.join(workspace, fixture));
  const server = await startCodeServer({ codeServerDir, stateDir: path.join(state, 'browser'), extensionsDir, workspace, log: verbose ? (text) => process.stdout.write(text) : undefined });
  const browser = await openBrowser(codeServerDir, path.join(state, 'browser', 'chromium'));
  try {
    return await runBrowserScenario({ page: browser.page, url: server.url, workspace, shotsDir, fixture, expected, log });
  } finally {
    await browser.context.close().catch(() => undefined);
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function main() {
  const codeServerDir = ensureCodeServer(root);
  log(`code-server ready (${elapsed()})`);
  rmSync(state, { recursive: true, force: true });
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  mkdirSync(shotsDir, { recursive: true });

  const vsix = path.join(root, '.vscode-test', 'leaklint.vsix');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'package-vscode.mjs'), vsix], { cwd: root, stdio: verbose ? 'inherit' : 'ignore' });
  const { harnessDir } = await bundleVscodeTests(root, path.join(root, '.vscode-test', 'bundle'));
  const extensionsDir = path.join(state, 'extensions');
  execFileSync(process.execPath, [codeServerEntry(codeServerDir), '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, ...xdgEnv(state) },
    stdio: verbose ? 'inherit' : 'ignore',
  });
  execFileSync(process.execPath, [codeServerEntry(codeServerDir), '--extensions-dir', extensionsDir, '--install-extension', packageHarness(harnessDir)], {
    env: { ...process.env, ...xdgEnv(state) },
    stdio: verbose ? 'inherit' : 'ignore',
  });
  log(`installed ${path.relative(root, vsix)} and the test harness into code-server (${elapsed()})`);

  const suite = await runSuiteInCodeServer(codeServerDir, extensionsDir);
  for (const test of suite.tests) {
    log(`${test.state === 'passed' ? 'ok  ' : 'FAIL'} [vscode] ${test.title} (${test.durationMs} ms)`);
    if (test.error) console.log(test.error.split('\n').map((line) => `        ${line}`).join('\n'));
  }
  log(`VS Code suite in code-server: ${suite.passed} passed, ${suite.failed} failed (${elapsed()})`);

  const scenario = await runScenario(codeServerDir, extensionsDir);
  const scenarioPassed = scenario.checks.filter((check) => check.ok).length;
  const scenarioFailed = scenario.checks.length - scenarioPassed;
  for (const check of scenario.checks.filter((c) => !c.ok)) log(`FAIL [browser] ${check.name}: ${check.detail}`);
  writeFileSync(path.join(shotsDir, 'observations.json'), JSON.stringify(scenario, null, 2));
  log('browser scenario observations:');
  console.log(JSON.stringify(scenario.observations, null, 2));
  log(`screenshots and observations.json in ${path.relative(root, shotsDir)}/`);

  const passed = suite.passed + scenarioPassed;
  const failed = suite.failed + scenarioFailed;
  log(`finished in ${elapsed()}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`[e2e] ${error instanceof Error ? error.stack : error}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
