import { rm } from 'node:fs/promises';
import { launchChromiumOrSkip } from '../../helpers/chromium.ts';
import path from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { Actor } from '../../../services/audit/auditLog.ts';
import { UNIV } from '../../services/accounts/reference/portalFixture.ts';
import { TARO, openPages } from './pagesHarness.ts';
import type { PagesHarness } from './pagesHarness.ts';

const user: Actor = { kind: 'user', conversationId: 'conv-browser' };

describe('account pages: the live password check in Chromium', function () {
  this.timeout(60_000);
  let h: PagesHarness | undefined;
  let browser: BrowserContext | undefined;
  let scratchDir: string | undefined;

  before(async function () {
    ({ browser, scratchDir } = await launchChromiumOrSkip(this, 'account-pages-browser-'));
  });
  beforeEach(async () => {
    h = await openPages();
  });
  afterEach(async () => {
    await h?.close();
  });
  after(async () => {
    await browser?.close();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  const shown = async (page: Page): Promise<string[]> =>
    await page.$$eval('#secondPassword-problems li:not([hidden])', (items) => items.map((item) => item.getAttribute('data-problem') ?? ''));

  it('names problems as the user types (full-width, spaces, mismatch), marks the rules met, and the form sets the password', async () => {
    const harness = h!;
    const verified = await harness.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: TARO }, user);
    if (!verified.verified) throw new Error('not verified');
    await harness.accounts.sendSecondPasswordReset(verified.account, user);
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // Chromium asks for /favicon.ico on its own; the pages have none.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
    });
    await page.goto(`${harness.url}/account/second-password?t=${harness.lastToken('secondPasswordReset', TARO)}`);
    expect(await shown(page)).to.deep.equal([]);

    await page.fill('#secondPassword', 'Ａbc de1');
    expect(await shown(page)).to.deep.equal(['too_short', 'no_upper', 'invalid_characters', 'full_width', 'spaces']);
    await page.fill('#check', 'x');
    expect(await shown(page)).to.include('mismatch');
    await page.fill('#secondPassword', 'NewPass12');
    await page.fill('#check', 'NewPass12');
    expect(await shown(page)).to.deep.equal([]);
    expect(await page.$$eval('[data-rules-for] li.met', (items) => items.length)).to.equal(5);

    await page.click('button[type=submit]');
    await page.waitForSelector('h1');
    expect(await page.textContent('h1')).to.equal('Setting the second password complete');
    expect((await harness.portal.login('example-u', 's1234567', UNIV, 'NewPass12')).outcome).to.equal('needsKey');
    expect(problems).to.deep.equal([]);
    await page.close();
  });
});
