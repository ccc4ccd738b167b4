import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { createI18n } from '../../../../services/i18n/i18n.ts';
import { launchChromiumOrSkip, recordPageProblems } from '../../../helpers/chromium.ts';
import { startConsolePageServer } from './consolePageServer.ts';
import { FakeAgentApi } from './fakeAgentApi.ts';
import type { FakeConversation } from './fakeAgentApi.ts';

const i18n = createI18n();
const ja = i18n.getFixedT('ja', 'agentConsole');
const en = i18n.getFixedT('en', 'agentConsole');

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';

/** Chromium logs every non-2xx fetch; the console's /me before login (401) and a lost accept race (409) are by design. */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of (401|409) /;

const secondsAgo = (seconds: number): string => new Date(Date.now() - seconds * 1000).toISOString();

function conversation(id: string, fields: Partial<FakeConversation> = {}): FakeConversation {
  return {
    id,
    tenant: 'demo-u',
    state: 'queued',
    locale: 'ja',
    queuedAt: secondsAgo(65),
    intent: 'auth_key_missing',
    transcript: [
      { from: 'user', text: '認証キーが届きません', at: secondsAgo(120) },
      { from: 'bot', text: '認証キーの再発行をご案内します。', at: secondsAgo(119) },
      { from: 'user', text: '担当者と話したい', at: secondsAgo(66) },
    ],
    journey: { intent: 'auth_key_missing', steps: ['Explained Reissue', 'Offered a person'] },
    verification: { passed: ['loginId', 'email'], at: secondsAgo(100), attempts: 1 },
    account: { kind: 'student', maskedEmail: 'ta***@ex***.ac.jp', authKey: 'invalidated', twoFactor: true, keyFailures: 5 },
    notes: [],
    ...fields,
  };
}

describe('the agent console page in Chromium (against a fake agent API)', function () {
  this.timeout(60_000);
  let browser: BrowserContext | undefined;
  let scratchDir: string | undefined;
  let stopServer: (() => void) | undefined;
  let url = '';
  let api: FakeAgentApi;
  let page: Page;
  let problems: string[];

  before(async function () {
    ({ browser, scratchDir } = await launchChromiumOrSkip(this, 'certbot-agent-page-', { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' }));
  });

  beforeEach(async () => {
    api = new FakeAgentApi([
      { id: 'agent01', name: 'Sato', role: 'agent', password: 'demo-agent-01', presence: 'online', maxChats: 5 },
      { id: 'agent02', name: 'Suzuki', role: 'agent', password: 'demo-agent-02', presence: 'online', maxChats: 5 },
      { id: 'agent03', name: 'Ito', role: 'agent', password: 'demo-agent-03', presence: 'away', maxChats: 5 },
    ]);
    let stop: () => void;
    ({ url, stop } = await startConsolePageServer(api, i18n));
    stopServer = stop;
    await browser!.clearCookies();
    page = await browser!.newPage();
    problems = [];
    recordPageProblems(page, problems, EXPECTED_REFUSAL, { dialogs: true });
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

  async function logIn(id = 'agent01', password = 'demo-agent-01'): Promise<void> {
    await page.locator('#login-id').fill(id);
    await page.locator('#login-password').fill(password);
    await page.locator('#login-submit').click();
  }

  async function openConsole(): Promise<void> {
    await page.goto(`${url}/agent`);
    await logIn();
    await page.locator('#me-name').getByText('Sato').waitFor();
  }

  const item = (list: 'mine' | 'queue' | 'others', id: string) => page.locator(`#${list} button[data-id="${id}"]`);
  const transcript = () => page.locator('#transcript');
  const mutatingCalls = () => api.calls.filter((call) => call.method !== 'GET' && !call.path.endsWith('/login'));

  context('when an agent logs in', () => {
    it('refuses a wrong password, then shows the console in Japanese with the presence from the server', async () => {
      await page.goto(`${url}/agent`);
      await page.getByRole('heading', { name: ja('login.heading') }).waitFor();
      await logIn('agent01', 'wrong-password');
      await page.getByText(ja('login.failed')).waitFor();

      await logIn();
      await page.locator('#me-name').getByText(ja('signedInAs', { name: 'Sato', id: 'agent01' })).waitFor();
      expect(await page.locator('#presence').inputValue()).to.equal('online');
      expect(await page.locator('#login-view').isHidden()).to.equal(true);
      const cookies = await browser!.cookies(`${url}/agent`);
      expect(cookies.find((cookie) => cookie.name === 'agent_session')?.httpOnly).to.equal(true);
      expect(await page.evaluate(() => document.cookie), 'the session cookie is out of the page script’s reach').to.equal('');
      expect(problems).to.deep.equal([]);
    });

    it('goes back to the login form with a reason when the session ends on the server', async () => {
      await openConsole();
      // As after a logout in another tab or a session expiry: the cookie stays, the server forgets it.
      api.endSessions();
      await page.getByText(ja('errors.sessionEnded')).waitFor();
      await page.locator('#login-form').waitFor();
    });
  });

  context('in the queue', () => {
    it('shows each waiting user with position, topic, preview and a wait that counts up between polls', async () => {
      api.add(conversation('c1', { queuedAt: secondsAgo(125) }));
      api.add(conversation('c2', { queuedAt: secondsAgo(65), locale: 'en', intent: 'forgot_second_password', transcript: [{ from: 'user', text: 'talk to a person', at: secondsAgo(65) }] }));
      await openConsole();
      const first = item('queue', 'c1');
      await first.getByText(ja('lists.position', { position: 1 })).waitFor();
      await first.getByText(ja('intents.auth_key_missing')).waitFor();
      await first.getByText('担当者と話したい').waitFor();
      const second = item('queue', 'c2');
      await second.getByText(ja('lists.position', { position: 2 })).waitFor();
      await second.getByText(ja('locales.en')).waitFor();
      await second.getByText('talk to a person').waitFor();

      const wait = first.locator('.wait');
      const shown = await wait.textContent();
      expect(shown).to.match(/^2:0\d$/);
      await page.waitForFunction((before) => document.querySelector('#queue .wait')?.textContent !== before, shown);
      expect(await page.locator('#queue-count').textContent()).to.equal('2');
      expect(await page.title()).to.equal(`(2) ${ja('title')}`);
      expect(problems).to.deep.equal([]);
    });
  });

  context('when a user sent markup', () => {
    it('shows it as text everywhere and runs none of it', async () => {
      api.add(
        conversation('xss', {
          tenant: 'demo-u',
          intent: IMG,
          transcript: [
            { from: 'user', text: IMG, at: secondsAgo(30) },
            { from: 'bot', text: 'ok', at: secondsAgo(29) },
            { from: 'user', text: SCRIPT, at: secondsAgo(28) },
          ],
          journey: { intent: SCRIPT, steps: [IMG] },
          verification: { passed: [IMG], at: secondsAgo(20), attempts: 1 },
          account: { [IMG]: SCRIPT, loginId: IMG },
          notes: [{ by: SCRIPT, at: secondsAgo(10), text: IMG }],
        }),
      );
      await openConsole();
      await item('queue', 'xss').getByText(SCRIPT).waitFor();
      await item('queue', 'xss').click();
      await transcript().getByText(IMG, { exact: true }).waitFor();
      await transcript().getByText(SCRIPT, { exact: true }).waitFor();
      await page.locator('#notes').getByText(IMG, { exact: true }).waitFor();
      await page.locator('#account').getByText(SCRIPT, { exact: true }).waitFor();

      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
      expect(await page.locator('img').count(), 'img elements').to.equal(0);
      expect(await page.locator('body script').count(), 'script elements in the body').to.equal(0);
      expect(problems).to.deep.equal([]);
    });
  });

  context('when the agent takes a conversation', () => {
    it('shows the transcript, journey, verification and account; accepts; talks; keeps notes; every change carries the CSRF token', async () => {
      const c1 = api.add(conversation('c1'));
      await openConsole();
      await item('queue', 'c1').click();
      await transcript().getByText('認証キーの再発行をご案内します。').waitFor();
      await page.locator('#journey').getByText('Explained Reissue').waitFor();
      await page.locator('#verification').getByText(`${ja('verification.checks.loginId')}、${ja('verification.checks.email')}`).waitFor();
      await page.locator('#account').getByText(ja('account.values.authKey.invalidated')).waitFor();
      await page.locator('#account').getByText('ta***@ex***.ac.jp').waitFor();
      expect(await page.locator('#composer').isHidden(), 'no composer before accepting').to.equal(true);

      await page.getByRole('button', { name: ja('actions.accept') }).click();
      await item('mine', 'c1').waitFor();
      await page.getByText(ja('conversation.withYou')).waitFor();
      expect(c1.state).to.equal('assigned');

      await page.locator('#message').pressSequentially('お待たせしました。佐藤です。');
      await page.locator('#message').press('Enter');
      await transcript().getByText('お待たせしました。佐藤です。').waitFor();
      expect(await page.locator('#message').inputValue()).to.equal('');
      expect(api.callsTo('POST', '/c1/typing'), 'typing signals while the agent typed').to.have.length.greaterThan(0);
      expect(api.callsTo('POST', '/c1/messages')[0]?.body).to.deep.equal({ text: 'お待たせしました。佐藤です。' });

      await page.locator('#note').fill('Key invalidated after 5 failures; reissue explained.');
      await page.getByRole('button', { name: ja('notes.add') }).click();
      await page.locator('#notes').getByText('Key invalidated after 5 failures; reissue explained.').waitFor();

      await page.locator('#presence').selectOption('away');
      await expectEventually(api, () => api.agents[0]!.presence === 'away');

      const calls = mutatingCalls();
      expect(calls.map((call) => call.path)).to.include.members(['/agent/api/conversations/c1/accept', '/agent/api/conversations/c1/messages', '/agent/api/conversations/c1/notes', '/agent/api/presence']);
      for (const call of calls) expect(call.csrf, call.path).to.be.a('string').and.have.length.greaterThan(10);
      expect(problems).to.deep.equal([]);
    });

    it('says so when another agent accepted first', async () => {
      api.add(conversation('c1'));
      api.takenByOthers.add('c1');
      await openConsole();
      await item('queue', 'c1').click();
      await page.getByRole('button', { name: ja('actions.accept') }).click();
      await page.getByText(ja('errors.codes.taken')).waitFor();
      expect(problems).to.deep.equal([]);
    });
  });

  context('with chats of my own', () => {
    it("counts a chat's unread user messages until the agent opens it", async () => {
      api.add(conversation('a', { state: 'assigned', agentId: 'agent01' }));
      const b = api.add(conversation('b', { state: 'assigned', agentId: 'agent01', transcript: [{ from: 'agent', name: 'Sato', text: 'こんにちは', at: secondsAgo(50) }] }));
      await openConsole();
      await item('mine', 'b').click();
      await transcript().getByText('こんにちは').waitFor();
      await item('mine', 'a').click();
      await transcript().getByText('認証キーの再発行をご案内します。').waitFor();

      b.transcript.push({ from: 'user', text: 'まだですか', at: secondsAgo(1) }, { from: 'user', text: '？', at: new Date().toISOString() });
      await item('mine', 'b').locator('.unread').getByText('2').waitFor();
      expect(await page.locator('#mine-count').textContent()).to.equal(ja('lists.capacity', { count: 2, max: 5 }));
      await item('mine', 'b').click();
      await transcript().getByText('まだですか').waitFor();
      await item('mine', 'b').locator('.unread').waitFor({ state: 'detached' });
      expect(problems).to.deep.equal([]);
    });

    it('shows "the user is typing" while the signal is fresh and drops it when their message arrives', async () => {
      const a = api.add(conversation('a', { state: 'assigned', agentId: 'agent01' }));
      await openConsole();
      await item('mine', 'a').click();
      await transcript().getByText('担当者と話したい').waitFor();
      expect(await page.locator('#typing').isHidden()).to.equal(true);

      a.userTypingAt = new Date().toISOString();
      await page.getByText(ja('conversation.userTyping')).waitFor();
      a.transcript.push({ from: 'user', text: '番号は s1234567 です', at: new Date(Date.now() + 1000).toISOString() });
      await transcript().getByText('番号は s1234567 です').waitFor();
      await page.locator('#typing').waitFor({ state: 'hidden' });
      expect(problems).to.deep.equal([]);
    });

    it('transfers to an online agent (never an away one) and returns a chat to the assistant after a confirmation', async () => {
      const a = api.add(conversation('a', { state: 'assigned', agentId: 'agent01' }));
      const b = api.add(conversation('b', { state: 'assigned', agentId: 'agent01' }));
      await openConsole();
      await item('mine', 'a').click();
      const options = page.locator('#transfer-agent option');
      await options.first().waitFor({ state: 'attached' });
      expect(await options.allTextContents()).to.deep.equal([ja('actions.agentChoice', { name: 'Suzuki', active: 0, max: 5 })]);
      await page.getByRole('button', { name: ja('actions.transfer'), exact: true }).click();
      await page.getByText(ja('notices.transferred', { name: 'Suzuki' })).waitFor();
      expect(a.agentId).to.equal('agent02');
      await item('mine', 'a').waitFor({ state: 'detached' });
      await item('others', 'a').getByText('Suzuki').waitFor();

      await item('mine', 'b').click();
      await page.getByRole('button', { name: ja('actions.return') }).click();
      await page.getByText(ja('actions.returnQuestion')).waitFor();
      expect(b.state, 'nothing happens before the confirmation').to.equal('assigned');
      await page.getByRole('button', { name: ja('actions.returnConfirm'), exact: true }).click();
      await page.getByText(ja('notices.returned')).waitFor();
      expect(b.state).to.equal('bot');
      await item('mine', 'b').waitFor({ state: 'detached' });
      expect(problems).to.deep.equal([]);
    });
  });

  context('when the agent switches the language', () => {
    it('shows English at once and keeps it after a reload', async () => {
      api.add(conversation('c1'));
      await openConsole();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: en('lists.queue') }).waitFor();
      await item('queue', 'c1').getByText(en('intents.auth_key_missing')).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
      await page.reload();
      await page.getByRole('heading', { name: en('lists.mine') }).waitFor();
      expect(await page.title()).to.equal(`(1) ${en('title')}`);
      expect(problems).to.deep.equal([]);
    });
  });
});

/** Waits for a change the page makes through the API: checked after each request the fake API answers. */
async function expectEventually(api: FakeAgentApi, condition: () => boolean): Promise<void> {
  while (!condition()) await once(api, 'handled');
}
