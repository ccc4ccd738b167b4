import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromiumOrSkip, recordPageProblems } from '../helpers/chromium.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { mailsArrived } from '../helpers/e2eHarness.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';
import { createI18n } from '../../services/i18n/i18n.ts';

const i18n = createI18n();
const ja = i18n.getFixedT('ja');

const IMG = '<img src=x onerror="window.__xss=1">';
/** Chromium logs every non-2xx fetch: the console's /me before login (401) is by design. */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of 401 /;
const REASON = '第2パスワードを忘れたとの電話';

/**
 * Issue 7, "Done when": an agent in the console (real server over HTTP, real Chromium) checks a user's status
 * and sends a second-password reset mail that arrives at a real SMTP server; a supervisor then reads it in the
 * audit log.
 */
describe('staff actions in the agent console (Chromium, real server, real SMTP)', function () {
  this.timeout(120_000);
  let smtp: SmtpSink;
  let running: RunningApp | undefined;
  let browser: BrowserContext | undefined;
  let scratchDir: string | undefined;
  let page: Page;
  const problems: string[] = [];

  before(async function () {
    ({ browser, scratchDir } = await launchChromiumOrSkip(this, 'certbot-staff-console-', { viewport: { width: 1400, height: 900 }, locale: 'ja-JP' }));
    smtp = await new SmtpSink().start();
    running = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'noreply@example-u.ac.jp' });
    page = await browser.newPage();
    recordPageProblems(page, problems, EXPECTED_REFUSAL);
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
    await smtp?.stop();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(problems.splice(0), 'page errors').to.deep.equal([]);
  });

  /** A fresh console (no session, an empty staff log), logged in as `id`. */
  async function logIn(id: string, password: string): Promise<void> {
    await browser!.clearCookies();
    await page.goto(`${running!.url}/agent`);
    await page.locator('#login-id').fill(id);
    await page.locator('#login-password').fill(password);
    await page.locator('#login-submit').click();
    await page.locator('#staff-form').waitFor();
  }

  const staffLog = () => page.locator('#staff-log');
  const lastReply = () => staffLog().locator('.from-bot').last();
  /** The reply that holds `text` (stays the same element while later replies arrive). */
  const replyWith = (text: string) => staffLog().locator('.from-bot').filter({ hasText: text });
  async function command(text: string): Promise<void> {
    const answered = page.waitForResponse((response) => response.url().endsWith('/agent/api/staff/turn'));
    await page.locator('#staff-command').fill(text);
    await page.locator('#staff-command').press('Enter');
    expect((await answered).status()).to.equal(200);
  }

  it('an agent checks the status, confirms a reset on the card, and the mail reaches the SMTP server', async () => {
    await logIn('agent01', 'demo-agent-01');
    await page.getByText(ja('agentConsole:staff.caseNone')).waitFor();

    // Status needs a reason and a case: the assistant asks for each.
    await command('/status s1234567');
    await lastReply().getByText(ja('staff:ask.reason')).waitFor();
    await command('ユーザーから電話で問い合わせ');
    await lastReply().getByText(ja('staff:ask.reference')).waitFor();
    await command('T-000001');
    await lastReply().getByText(ja('staff:status.intro', { account: 's1234567' })).waitFor();
    const address = lastReply().locator('.card dd').filter({ hasText: /^ta\*\*\*@/ });
    await address.waitFor();
    expect(await page.locator('body').textContent(), 'the address is masked').not.to.include('taro@example-u.ac.jp');
    expect(smtp.received).to.have.length(0);

    await command(`/reset s1234567 ${REASON} T-000001`);
    const card = replyWith(ja('staff:confirm.heading.resetSecondPassword'));
    await card.getByText(ja('staff:confirm.question')).waitFor();
    await card.locator('dd').getByText(REASON, { exact: true }).waitFor();
    expect(smtp.received, 'nothing is sent before the confirmation').to.have.length(0);

    const delivered = mailsArrived(smtp, 2);
    const confirmed = page.waitForResponse((response) => response.url().endsWith('/agent/api/staff/turn'));
    await card.getByRole('button', { name: ja('staff:confirm.yes'), exact: true }).click();
    expect((await confirmed).status()).to.equal(200);
    await lastReply().getByText(/^完了しました。/).waitFor();
    expect(await card.getByRole('button', { name: ja('staff:confirm.no'), exact: true }).isDisabled(), 'the card is answered').to.equal(true);

    await running!.app.backing.outbox.runDue();
    await delivered;
    expect(smtp.received.map((mail) => mail.rcptTo.join())).to.deep.equal(['taro@example-u.ac.jp', 'taro@example-u.ac.jp']);
    const mails = await smtp.parsed();
    expect(mails.some((mail) => /\/account\/second-password\?t=/.test(mail.text ?? '')), mails.map((mail) => mail.subject).join(' | ')).to.equal(true);
    expect(mails.some((mail) => mail.text?.includes(ja('accountMail:actors.staff')))).to.equal(true);
  });

  it('shows a typed reason with markup as text in the card, and cancels on the card', async () => {
    await logIn('agent01', 'demo-agent-01');
    await command(`/unlock s1234567 ${IMG} T-000002`);
    const card = replyWith(ja('staff:confirm.heading.unlock'));
    await card.locator('dd').getByText(IMG, { exact: true }).waitFor();
    await card.getByRole('button', { name: ja('staff:confirm.no'), exact: true }).click();
    await lastReply().getByText(ja('staff:cancelled')).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
    expect(await page.locator('img').count(), 'img elements').to.equal(0);
  });

  it('a supervisor finds the reset in the audit log by account, and agents are not offered it', async () => {
    await logIn('agent01', 'demo-agent-01');
    expect(await page.locator('#audit-open').isHidden()).to.equal(true);
    await page.locator('#logout').click();
    await page.locator('#login-form').waitFor();

    await logIn('super01', 'demo-super-01');
    await page.getByRole('button', { name: ja('agentConsole:audit.open') }).click();
    await page.locator('#audit-query').fill('s1234567');
    await page.locator('#audit-tenant').fill('example-u');
    await page.getByRole('button', { name: ja('agentConsole:audit.search') }).click();
    const reset = page.locator('#audit-rows tr').filter({ hasText: 'staff.resetSecondPassword' });
    await reset.waitFor();
    expect(await reset.locator('td').allTextContents()).to.include.members(['agent01', 'agent', 'example-u', REASON, ja('agentConsole:audit.results.ok'), 'T-000001']);
    await page.locator('#audit-rows tr').filter({ hasText: 'staff.status' }).first().waitFor();
    expect(await page.getByRole('link', { name: ja('agentConsole:audit.csv') }).getAttribute('href')).to.equal('/agent/api/audit?account=s1234567&tenant=example-u&format=csv');
  });
});
