import { access, constants, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// STACK.md: Debian's chromium headless as root in a container, with none of a profile's background network traffic.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Real Chromium with a fresh profile in a scratch folder (the caller removes it), or the suite skipped with the
 * reason printed when there is no Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
export async function launchChromiumOrSkip(
  suite: Mocha.Context,
  prefix: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ browser: BrowserContext; scratchDir: string }> {
  try {
    await access(chromiumPath, constants.X_OK);
  } catch {
    console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
    suite.skip();
  }
  const scratchDir = await mkdtemp(path.join(tmpdir(), prefix));
  const browser = await chromium.launchPersistentContext(path.join(scratchDir, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
  return { browser, scratchDir };
}

/**
 * Collects into `problems` what a page reports going wrong: uncaught errors, console errors other than the refusals
 * the test provokes on purpose (`expectedRefusal`), and, with `dialogs`, any alert or confirm it opens.
 */
export function recordPageProblems(page: Page, problems: string[], expectedRefusal: RegExp, options: { dialogs?: boolean } = {}): void {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectedRefusal.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  if (options.dialogs) page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
}
