import { readFile, rm } from 'node:fs/promises';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { createI18n } from '../../../../services/i18n/i18n.ts';
import { launchChromiumOrSkip, recordPageProblems } from '../../../helpers/chromium.ts';
import { startConsolePageServer } from './consolePageServer.ts';
import { FakeAgentApi } from './fakeAgentApi.ts';
import type { FakeAuditRow, FakeConversation, FakeStaffActivity } from './fakeAgentApi.ts';

const i18n = createI18n();
const ja = i18n.getFixedT('ja', 'agentConsole');

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
/** Chromium logs every non-2xx fetch: /me before login (401), the fake audit's refusals (403, 404) are by design. */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of (401|403|404) /;

const resetValue = { action: 'staff', command: 'resetSecondPassword', account: 's1234567', tenant: 'demo-u' };

/** A status reply shaped as dialogs/staff/staffStatusCard.ts shapes it. */
const statusReply = (): FakeStaffActivity => ({
  type: 'message',
  text: 's1234567 の状態：',
  attachments: [
    {
      contentType: ADAPTIVE,
      content: {
        type: 'AdaptiveCard',
        version: '1.5',
        fallbackText: 's1234567',
        body: [
          { type: 'TextBlock', text: 's1234567', weight: 'Bolder' },
          { type: 'FactSet', facts: [{ title: 'メールアドレス', value: 'ta***@ex***.ac.jp' }, { title: '認証キー', value: '無効' }] },
          { type: 'TextBlock', text: '非表示', isVisible: false },
        ],
        actions: [{ type: 'Action.Submit', title: '再設定メール', data: resetValue }],
      },
    },
  ],
});

function chat(id: string, fields: Partial<FakeConversation> = {}): FakeConversation {
  const at = new Date().toISOString();
  return {
    id,
    tenant: 'demo-u',
    state: 'assigned',
    agentId: 'agent01',
    locale: 'ja',
    queuedAt: at,
    transcript: [{ from: 'user', text: '第2パスワードを忘れました', at }],
    journey: { steps: [] },
    verification: null,
    account: null,
    notes: [],
    ...fields,
  };
}

describe('the staff box and the audit log in the console page (Chromium, fake agent API)', function () {
  this.timeout(60_000);
  let browser: BrowserContext | undefined;
  let scratchDir: string | undefined;
  let stopServer: (() => void) | undefined;
  let url = '';
  let api: FakeAgentApi;
  let page: Page;
  let problems: string[];

  before(async function () {
    ({ browser, scratchDir } = await launchChromiumOrSkip(this, 'certbot-staff-page-', { viewport: { width: 1400, height: 900 }, locale: 'ja-JP' }));
  });

  beforeEach(async () => {
    api = new FakeAgentApi([
      { id: 'agent01', name: 'Sato', role: 'agent', password: 'demo-agent-01', presence: 'online', maxChats: 5 },
      { id: 'super01', name: 'Tanaka', role: 'supervisor', password: 'demo-super-01', presence: 'online', maxChats: 5 },
    ]);
    let stop: () => void;
    ({ url, stop } = await startConsolePageServer(api, i18n));
    stopServer = stop;
    await browser!.clearCookies();
    page = await browser!.newPage();
    problems = [];
    recordPageProblems(page, problems, EXPECTED_REFUSAL);
  });

  afterEach(async () => {
    await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    await page.close();
    stopServer?.();
  });

  after(async () => {
    await browser?.close();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  async function openConsole(id = 'agent01', password = 'demo-agent-01'): Promise<void> {
    await page.goto(`${url}/agent`);
    await page.locator('#login-id').fill(id);
    await page.locator('#login-password').fill(password);
    await page.locator('#login-submit').click();
    await page.locator('#me-name').waitFor();
  }

  async function command(text: string): Promise<void> {
    await page.locator('#staff-command').fill(text);
    await page.locator('#staff-command').press('Enter');
  }

  const staffLog = () => page.locator('#staff-log');
  const turns = () => api.callsTo('POST', '/staff/turn');

  context('when an agent types a staff command', () => {
    it('sends it with the open chat as the case and the console language, and shows the reply and its card as text', async () => {
      api.add(chat('c1'));
      api.staffReplies = (body) => (typeof body.text === 'string' ? [statusReply()] : [{ type: 'message', text: '確認してください。' }]);
      await openConsole();
      await page.locator('#staff-panel').getByText(ja('staff.help')).waitFor();
      await page.getByText(ja('staff.caseNone')).waitFor();
      await page.locator('#mine button[data-id="c1"]').click();
      await page.getByText(ja('staff.caseOpen', { id: 'c1' })).waitFor();

      await command('/status s1234567 問い合わせ');
      await staffLog().getByText('s1234567 の状態：').waitFor();
      await staffLog().locator('.card dd').getByText('ta***@ex***.ac.jp').waitFor();
      expect(await staffLog().locator('.from-me').allTextContents()).to.deep.equal(['/status s1234567 問い合わせ']);
      expect(await staffLog().getByText('非表示').count(), 'an invisible element').to.equal(0);
      expect(await page.locator('#staff-command').inputValue()).to.equal('');
      expect(turns()[0]!.body).to.deep.equal({ text: '/status s1234567 問い合わせ', locale: 'ja', conversationId: 'c1', tenant: 'demo-u' });
      expect(turns()[0]!.csrf).to.be.a('string').and.have.length.greaterThan(10);

      const button = staffLog().getByRole('button', { name: '再設定メール' });
      await button.click();
      await staffLog().getByText('確認してください。').waitFor();
      expect(turns()[1]!.body).to.deep.equal({ value: resetValue, locale: 'ja', conversationId: 'c1', tenant: 'demo-u' });
      expect(await staffLog().locator('.from-me').allTextContents()).to.deep.equal(['/status s1234567 問い合わせ', '再設定メール']);
      expect(await button.isDisabled(), 'a card is answered once').to.equal(true);
      expect(problems).to.deep.equal([]);
    });

    it('names no case without an open chat, and says so when the server refuses the turn', async () => {
      await openConsole();
      api.staffReplies = () => [];
      await command('状態 s1234567 確認');
      await staffLog().getByText(ja('staff.noReply')).waitFor();
      expect(turns()[0]!.body).to.deep.equal({ text: '状態 s1234567 確認', locale: 'ja' });

      api.staffReplies = () => {
        throw new Error('the bot failed');
      };
      await command('/status s1234567 again');
      await staffLog().getByText(ja('staff.failed')).waitFor();
      expect(problems.filter((problem) => !/status of 500/.test(problem))).to.deep.equal([]);
    });
  });

  context('when a reply carries markup (a typed reason, a bounce message)', () => {
    it('shows it as text and runs none of it, and opens no script link', async () => {
      api.staffReplies = () => [
        {
          type: 'message',
          text: IMG,
          attachments: [
            {
              contentType: ADAPTIVE,
              content: {
                type: 'AdaptiveCard',
                version: '1.5',
                body: [
                  { type: 'TextBlock', text: SCRIPT },
                  { type: 'FactSet', facts: [{ title: IMG, value: SCRIPT }] },
                  { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `rich ${IMG}` }] },
                  { type: 'Container', items: [{ type: 'Image', url: 'https://example.com/x.png' }, { type: 'TextBlock', text: `nested ${SCRIPT}` }] },
                ],
                actions: [
                  { type: 'Action.Submit', title: IMG, data: { answer: 'no' } },
                  { type: 'Action.OpenUrl', title: 'open', url: 'javascript:window.__xss=3' },
                ],
              },
            },
            { contentType: 'text/html', content: IMG },
          ],
        },
      ];
      await openConsole();
      await command(`/reset s1234567 ${IMG}`);
      await staffLog().getByText(IMG, { exact: true }).first().waitFor();
      await staffLog().locator('.card p.card-text').getByText(SCRIPT, { exact: true }).waitFor();
      await staffLog().locator('.card dd').getByText(SCRIPT, { exact: true }).waitFor();
      await staffLog().locator('.card dt').getByText(IMG, { exact: true }).waitFor();
      await staffLog().getByText(`rich ${IMG}`).waitFor();
      await staffLog().getByText(`nested ${SCRIPT}`).waitFor();
      await staffLog().getByRole('button', { name: IMG }).waitFor();
      await staffLog().getByText(ja('staff.unsupported')).waitFor();

      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
      expect(await page.locator('img').count(), 'img elements').to.equal(0);
      expect(await page.locator('body script').count(), 'script elements in the body').to.equal(0);
      expect(await page.locator('#staff-log a').count(), 'links other than http(s)').to.equal(0);
      expect(problems).to.deep.equal([]);
    });
  });

  context('the audit log', () => {
    const row = (fields: Partial<FakeAuditRow>): FakeAuditRow => ({
      at: '2026-04-01T01:02:03.000Z',
      actor: 'agent01',
      role: 'agent',
      action: 'staff.resetSecondPassword',
      tenant: 'example-u',
      account: 's1234567',
      reason: 'forgot second password',
      result: 'ok',
      detail: '',
      conversation: 'T-000001',
      ...fields,
    });

    it('is not offered to an agent', async () => {
      await openConsole();
      await page.locator('#staff-form').waitFor();
      expect(await page.locator('#audit-open').isHidden()).to.equal(true);
    });

    it('shows a supervisor the entries of an account or a staff member as text, with a CSV download', async () => {
      api.audit.push(row({ reason: IMG }), row({ action: 'staff.status', result: 'denied', detail: 'role', at: '2026-04-01T00:00:00.000Z' }), row({ actor: 'agent02', account: 's2345678' }));
      await openConsole('super01', 'demo-super-01');
      await page.getByRole('button', { name: ja('audit.open') }).click();
      await page.getByRole('heading', { name: ja('audit.heading') }).waitFor();
      expect(await page.locator('#console-view').isHidden()).to.equal(true);

      await page.locator('#audit-query').fill('s9999999');
      await page.getByRole('button', { name: ja('audit.search') }).click();
      await page.getByText(ja('audit.notFound')).waitFor();
      expect(await page.locator('#audit-csv').isHidden()).to.equal(true);

      await page.locator('#audit-query').fill('s1234567');
      await page.locator('#audit-tenant').fill('example-u');
      await page.getByRole('button', { name: ja('audit.search') }).click();
      await page.getByText(ja('audit.count', { count: 2 })).waitFor();
      const table = page.locator('#audit-table');
      expect(await table.locator('th').allTextContents()).to.deep.equal(['at', 'actor', 'role', 'action', 'tenant', 'account', 'reason', 'result', 'detail', 'conversation'].map((column) => ja(`audit.columns.${column}`)));
      await table.getByRole('cell', { name: IMG, exact: true }).waitFor();
      await table.getByRole('cell', { name: ja('audit.results.denied'), exact: true }).waitFor();
      await table.getByText('2026/04/01 10:02:03').waitFor();
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
      expect(await page.locator('img').count()).to.equal(0);
      expect(api.calls.filter((call) => call.path === '/agent/api/audit').at(-1)!.body).to.deep.equal({ account: 's1234567', tenant: 'example-u' });

      const csvLink = page.getByRole('link', { name: ja('audit.csv') });
      expect(await csvLink.getAttribute('href')).to.equal('/agent/api/audit?account=s1234567&tenant=example-u&format=csv');
      const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).to.equal('\uFEFFat,actor,action');
      expect(csv).to.include('staff.resetSecondPassword');

      await page.locator('#audit-by').selectOption('staff');
      expect(await page.locator('#audit-tenant').isHidden(), 'no university for a staff member').to.equal(true);
      await page.locator('#audit-query').fill('agent02');
      await page.getByRole('button', { name: ja('audit.search') }).click();
      await page.getByText(ja('audit.count', { count: 1 })).waitFor();
      await table.getByRole('cell', { name: 's2345678', exact: true }).waitFor();

      await page.getByRole('button', { name: ja('audit.close') }).click();
      await page.locator('#staff-form').waitFor();
      expect(await page.locator('#audit-view').isHidden()).to.equal(true);
      expect(problems).to.deep.equal([]);
    });
  });
});
