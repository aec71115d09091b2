// The user-level scenario, driven in the browser as a person would: squiggle and Problems row,
// Ctrl+. quick fix applied and saved, F1 "LeakLint: Scan Workspace" filling Problems.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const UI_WAIT_MS = 90_000;

const problemsRows = (page) =>
  page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((row) => (row.getAttribute('aria-label') || row.textContent || '').trim()));

async function waitForFile(file, accept, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = readFileSync(file, 'utf8');
    if (accept(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; the file is:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runCommandFromPalette(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: UI_WAIT_MS });
  await page.keyboard.press('Enter');
}

async function openWithQuickOpen(page, name) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_WAIT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: UI_WAIT_MS });
}

/**
 * Runs the scenario in an open code-server page. `expected` comes from the CLI on the same
 * fixture: the quick-fix title, and the text after applying it.
 */
export async function runBrowserScenario({ page, url, workspace, shotsDir, fixture, expected, log }) {
  const checks = [];
  const observations = {};
  let failed = false;
  let shotNumber = 0;
  const shot = async (name) => {
    const file = path.join(shotsDir, `${String(++shotNumber).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    return path.basename(file);
  };
  const step = async (name, run) => {
    if (failed) {
      checks.push({ name, ok: false, detail: 'not run: an earlier step failed' });
      return;
    }
    const started = Date.now();
    try {
      const detail = await run();
      checks.push({ name, ok: true, detail, ms: Date.now() - started });
      log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed = true;
      const screenshot = await shot(`failed-${name.replace(/\W+/g, '-').toLowerCase()}`);
      checks.push({ name, ok: false, detail: `${error.message} (screenshot ${screenshot})` });
      log(`FAIL ${name}: ${error.message}`);
    }
  };
  const fixtureFile = path.join(workspace, fixture);
  const fixtureName = path.basename(fixture);

  await step('the workbench loads', async () => {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: UI_WAIT_MS });
    await page.locator('.statusbar').waitFor({ timeout: UI_WAIT_MS });
  });

  await step('a leaky file gets a squiggle', async () => {
    await openWithQuickOpen(page, fixtureName);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: UI_WAIT_MS });
    observations.statusBar = (await page.locator('.statusbar-item', { hasText: 'LeakLint' }).first().textContent({ timeout: UI_WAIT_MS }))?.trim();
    return await shot('squiggle');
  });

  await step('the Problems panel lists the finding', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'logger' }).first().waitFor({ timeout: UI_WAIT_MS });
    observations.problemsAfterOpen = await problemsRows(page);
    return await shot('problems');
  });

  await step('Ctrl+. offers LeakLint\'s quick fixes', async () => {
    // On a loaded machine the first Ctrl+. can come before the editor has taken the focus and the
    // selection from the Problems row ("No code actions available"): press it again, as a person would.
    const menuRow = page.locator('.action-widget .monaco-list-row').first();
    for (let attempt = 1; ; attempt++) {
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'logger' }).first().click();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor.focused').first().waitFor({ timeout: UI_WAIT_MS });
      await page.keyboard.press('Control+.');
      try {
        await menuRow.waitFor({ timeout: attempt < 3 ? 20_000 : UI_WAIT_MS });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
    observations.quickFixTitles = await page.$$eval('.action-widget .monaco-list-row', (rows) =>
      rows.map((row) => (row.getAttribute('aria-label') || row.textContent || '').trim()).filter((title) => title.length > 0));
    for (const title of [expected.fixTitle, 'Disable logger-per-call for this line', 'Disable logger-per-call for the entire file', 'Show documentation for logger-per-call']) {
      if (!observations.quickFixTitles.some((row) => row.includes(title))) throw new Error(`"${title}" is not in the menu: ${observations.quickFixTitles.join(' | ')}`);
    }
    return await shot('quick-fix-menu');
  });

  await step('applying the fix changes the file and clears the squiggle', async () => {
    // Clicks on the menu are intercepted by an overlay: move the focus to the row, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 20; i++) {
      const text = (await focused.first().textContent().catch(() => '')) ?? '';
      if (text.includes(expected.fixTitle)) break;
      await page.keyboard.press('ArrowDown');
    }
    if (!((await focused.first().textContent()) ?? '').includes(expected.fixTitle)) throw new Error('could not focus the fix in the menu');
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await page.keyboard.press('Control+S');
    const text = await waitForFile(fixtureFile, (current) => current !== expected.originalText, 'the saved fix');
    if (text !== expected.fixedText) throw new Error(`the saved file differs from leaklint --fix:\n${text}\n---\n${expected.fixedText}`);
    await page.waitForFunction(() => !document.querySelector('.monaco-editor .squiggly-warning'), undefined, { timeout: UI_WAIT_MS });
    observations.fixedText = text;
    return await shot('after-fix');
  });

  await step('F1 "LeakLint: Scan Workspace" fills Problems with unopened files', async () => {
    await runCommandFromPalette(page, 'LeakLint: Scan Workspace');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'findings in' }).first();
    await toast.waitFor({ timeout: UI_WAIT_MS });
    observations.scanNotification = (await toast.locator('.notification-list-item-message').textContent())?.trim();
    observations.scanNotificationButtons = await toast.locator('.monaco-button').allTextContents();
    if (!observations.scanNotificationButtons.includes('Open Problems')) throw new Error(`no "Open Problems" on the summary: ${observations.scanNotificationButtons}`);
    // The progress notification goes once the scan is over.
    await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Scanning workspace' }).waitFor({ state: 'hidden', timeout: UI_WAIT_MS });
    await page.keyboard.press('Control+Shift+M');
    for (const name of ['jobs.ts', 'worker.js']) {
      await page.locator('.markers-panel .monaco-list-row', { hasText: name }).first().waitFor({ timeout: UI_WAIT_MS });
    }
    observations.problemsAfterScan = await problemsRows(page);
    const findings = /(\d+) findings? in/.exec(observations.scanNotification ?? '')?.[1];
    const status = page.locator('.statusbar-item', { hasText: `LeakLint: ${findings}` }).first();
    await status.waitFor({ timeout: UI_WAIT_MS });
    observations.statusBarAfterScan = (await status.textContent())?.trim();
    return await shot('scan');
  });

  return { checks, observations };
}
