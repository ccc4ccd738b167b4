import { expect } from 'chai';
import type { Actor } from '../../../services/audit/auditLog.ts';
import { SECOND, UNIV } from '../../services/accounts/reference/portalFixture.ts';
import { TARO, openPages } from './pagesHarness.ts';
import type { PagesHarness, TestBrowser } from './pagesHarness.ts';

const user: Actor = { kind: 'user', conversationId: 'conv-security' };
const LOGIN = { tenant: 'example-u', lang: 'en' };

describe('account pages: security', () => {
  let h: PagesHarness;
  let browser: TestBrowser;

  beforeEach(async () => {
    h = await openPages();
    browser = h.browser();
  });
  afterEach(() => h.close());

  const resetLink = async (): Promise<string> => {
    const verified = await h.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: TARO }, user);
    if (!verified.verified) throw new Error('not verified');
    await h.accounts.sendSecondPasswordReset(verified.account, user);
    return h.lastToken('secondPasswordReset', TARO);
  };
  const linkState = async (token: string): Promise<string> => (await h.portal.inspectLink(token, 'resetSecondPassword')).outcome;
  const secondPasswordUnchanged = async (): Promise<boolean> => (await h.portal.login('example-u', 's1234567', UNIV, SECOND)).outcome === 'needsKey';

  describe('CSRF', () => {
    const set = { secondPassword: 'NewPass12', check: 'NewPass12', lang: 'en' };

    it('refuses a form without a token (403), changing nothing', async () => {
      const token = await resetLink();
      await browser.get(`/account/second-password?t=${token}`);
      const page = await browser.post('/account/second-password', { t: token, ...set }, { csrf: null });
      expect(page.status).to.equal(403);
      expect(page.html).to.include('The form could not be verified');
      expect(await linkState(token)).to.equal('valid');
      expect(await secondPasswordUnchanged()).to.equal(true);
    });

    it("refuses another visitor's token, a forged one, and a token without its cookie", async () => {
      const token = await resetLink();
      const attacker = h.browser();
      await attacker.get('/portal/login');
      await browser.get(`/account/second-password?t=${token}`);
      expect((await browser.post('/account/second-password', { t: token, ...set }, { csrf: attacker.csrfToken() })).status).to.equal(403);
      expect((await browser.post('/account/second-password', { t: token, ...set }, { csrf: 'A'.repeat(43) })).status).to.equal(403);
      expect((await browser.post('/account/second-password', { t: token, ...set }, { csrf: [browser.csrfToken(), browser.csrfToken()].join() })).status).to.equal(403);
      const stolen = browser.csrfToken();
      browser.cookies.clear();
      expect((await browser.post('/account/second-password', { t: token, ...set }, { csrf: stolen })).status).to.equal(403);
      expect(await linkState(token)).to.equal('valid');
      expect(await secondPasswordUnchanged()).to.equal(true);
    });

    it('refuses a login without a token before anything is checked or mailed', async () => {
      const mails = h.mail.all().length;
      const page = await browser.post('/portal/login', { ...LOGIN, loginId: 's1234567', universityPassword: UNIV, secondPassword: SECOND }, { csrf: null });
      expect(page.status).to.equal(403);
      expect(h.mail.all().length).to.equal(mails);
    });

    it('accepts the token with the charset parameter browsers may add', async () => {
      const token = await resetLink();
      await browser.get(`/account/second-password?t=${token}`);
      const page = await browser.post('/account/second-password', { t: token, ...set }, { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' });
      expect(page.status).to.equal(200);
    });
  });

  describe('headers', () => {
    it('sends a nonce CSP (scripts: self + nonce), frame-ancestors none, nosniff, no-referrer and no-store', async () => {
      const page = await browser.get(`/account/second-password?t=${await resetLink()}`);
      const csp = page.headers.get('content-security-policy') ?? '';
      const nonce = /<style nonce="([^"]+)">/.exec(page.html)?.[1] ?? '?';
      expect(page.html).to.include(`<script src="/account/assets/password-check.js" nonce="${nonce}" defer>`);
      expect(csp).to.include("default-src 'none'").and.include(`script-src 'self' 'nonce-${nonce}'`).and.include(`style-src 'nonce-${nonce}'`);
      expect(csp).to.include("frame-ancestors 'none'").and.include("form-action 'self'").and.not.include('unsafe');
      expect(page.html).to.not.match(/<script(?![^>]*\ssrc=)/).and.not.match(/\son\w+=/);
      expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(page.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(page.headers.get('cache-control')).to.equal('no-store');
      expect(page.headers.get('x-frame-options')).to.equal('DENY');
    });

    it('gives a new visitor an HttpOnly cookie (Secure behind HTTPS)', async () => {
      const plain = await browser.get('/portal/login');
      expect(plain.headers.getSetCookie()[0]).to.match(/^account_visitor=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const proxied = await h.browser().get('/portal/login', { 'X-Forwarded-Proto': 'https' });
      expect(proxied.headers.getSetCookie()[0]).to.match(/; Secure$/);
      expect((await browser.get('/portal/login')).headers.getSetCookie()).to.deep.equal([]);
    });

    it('serves the password check as a script', async () => {
      const response = await fetch(`${h.url}/account/assets/password-check.js`);
      expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(await response.text()).to.include('function ruleProblems');
    });
  });

  describe('bad input', () => {
    it('answers 400 naming the field for 10 KB, a repeated field, a nested field and control characters, changing nothing', async () => {
      const token = await resetLink();
      await browser.get(`/account/second-password?t=${token}`);
      const cases: Array<[Record<string, string | string[]>, string]> = [
        [{ secondPassword: 'A1a'.repeat(3500), check: 'x' }, '"Second password"'],
        [{ secondPassword: ['NewPass12', 'NewPass13'], check: 'NewPass12' }, '"Second password"'],
        [{ secondPassword: 'NewPass12', 'check[x]': 'NewPass12' }, '"Check"'],
        [{ secondPassword: 'NewPass12\u0000', check: 'NewPass12\u0000' }, '"Second password"'],
        [{ secondPassword: 'NewPass12', check: 'NewPass12\n' }, '"Check"'],
      ];
      for (const [fields, label] of cases) {
        const page = await browser.post('/account/second-password', { t: token, lang: 'en', ...fields });
        expect(page.status, label).to.equal(400);
        expect(page.html).to.include(`The ${label.replace(/"/g, '&#34;')} entry could not be accepted`);
      }
      expect(await linkState(token)).to.equal('valid');
      expect(await secondPasswordUnchanged()).to.equal(true);
    });

    it('answers 400 for a repeated link token, a login ID with a control character, and a JSON body', async () => {
      const repeated = await browser.get('/account/confirm-email?t=a&t=b&lang=en');
      expect(repeated.status).to.equal(400);
      expect(repeated.html).to.include('The &#34;link (URL)&#34; entry');
      await browser.get('/portal/login');
      const mails = h.mail.all().length;
      const control = await browser.post('/portal/login', { tenant: 'example-u', loginId: 's1234567\u0007', universityPassword: UNIV, secondPassword: SECOND });
      expect(control.status).to.equal(400);
      expect(control.html).to.include('「ユーザID」の入力を受け付けられませんでした');
      const json = await fetch(`${h.url}/portal/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"loginId":{"$gt":""}}' });
      expect(json.status).to.equal(400);
      expect(h.mail.all().length).to.equal(mails);
    });
  });

  describe('logs', () => {
    it('hold outcomes only: never a token, a password, a key or a login ID', async () => {
      const token = await resetLink();
      await browser.get(`/account/second-password?t=${token}`);
      await browser.post('/account/second-password', { t: token, secondPassword: 'bad pass', check: 'bad pass' });
      await browser.post('/account/second-password', { t: token, secondPassword: 'NewPass12', check: 'NewPass12' });
      await browser.get(`/account/second-password?t=${token}`);
      await browser.get('/portal/login?tenant=example-u');
      await browser.post('/portal/login', { ...LOGIN, loginId: 's1234567', universityPassword: UNIV, secondPassword: 'NewPass12' });
      const key = h.lastKey(TARO);
      await browser.post('/portal/key', { ...LOGIN, key });
      const session = browser.cookies.get('portal_session') ?? '?';
      const outcomes = h.logs.map((line) => JSON.parse(line) as { page?: string; outcome?: string }).map((entry) => `${entry.page}:${entry.outcome}`);
      expect(outcomes).to.include.members(['secondPassword.set:invalid', 'secondPassword.set:set', 'secondPassword.open:used', 'portal.login:needsKey', 'portal.key:authenticated']);
      for (const secret of [token, 'bad pass', 'NewPass12', UNIV, key, session, 's1234567', TARO]) {
        for (const line of h.logs) expect(line).to.not.include(secret);
      }
    });
  });
});
