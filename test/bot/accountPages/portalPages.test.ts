import { expect } from 'chai';
import { SECOND, UNIV } from '../../services/accounts/reference/portalFixture.ts';
import { TARO, openPages, shownProblems } from './pagesHarness.ts';
import type { PagesHarness, TestBrowser } from './pagesHarness.ts';

const wrongKey = (key: string): string => String((Number(key) + 1) % 1_000_000).padStart(6, '0');
const LOGIN = { tenant: 'example-u', lang: 'en' };

describe('account pages: demo portal (manual 003 §2.1–2.3, §2.6)', () => {
  let h: PagesHarness;
  let browser: TestBrowser;

  beforeEach(async () => {
    h = await openPages();
    browser = h.browser();
  });
  afterEach(() => h.close());

  const logIn = async (loginId: string, secondPassword = SECOND) => {
    await browser.get('/portal/login?tenant=example-u&lang=en');
    return await browser.post('/portal/login', { ...LOGIN, loginId, universityPassword: UNIV, secondPassword });
  };

  describe('GET /portal/login', () => {
    it('is the Student login: User ID, Password, Second password and the first-login note (ja by the tenant)', async () => {
      const page = await browser.get('/portal/login?tenant=example-u');
      expect(page.status).to.equal(200);
      expect(page.html).to.include('<h1>在学生ログイン</h1>').and.include('サンプル大学').and.include('初回は第2パスワードの入力は不要です');
      for (const name of ['loginId', 'universityPassword', 'secondPassword', 'csrf']) expect(page.html).to.include(`name="${name}"`);
      expect(page.html).to.include('href="/portal/login?tenant=example-u&#38;lang=en"');
    });

    it('has no second password where the university has none', async () => {
      const page = await browser.get('/portal/login?tenant=plain-u&lang=en');
      expect(page.html).to.include('User ID').and.not.include('name="secondPassword"');
    });

    it('answers 404 for a university we do not serve', async () => {
      expect((await browser.get('/portal/login?tenant=nowhere-u')).status).to.equal(404);
    });
  });

  describe('POST /portal/login', () => {
    it('says the same for a wrong password, keeping the User ID HTML-escaped', async () => {
      await browser.get('/portal/login?tenant=example-u&lang=en');
      const loginId = '"><script>alert(1)</script>';
      const page = await browser.post('/portal/login', { ...LOGIN, loginId, universityPassword: 'wrong', secondPassword: '' });
      expect(page.html).to.include('The User ID, password or second password is incorrect.');
      expect(page.html).to.include('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"').and.not.include('<script>alert');
    });

    it('keeps the session in an HttpOnly, SameSite=Strict cookie, never in the page or a URL', async () => {
      await browser.get('/portal/login?tenant=example-u&lang=en');
      const body = new URLSearchParams({ ...LOGIN, csrf: browser.csrfToken(), loginId: 's1234567', universityPassword: UNIV, secondPassword: SECOND });
      const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(`${h.url}/portal/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body });
      const line = response.headers.getSetCookie().find((each) => each.startsWith('portal_session='));
      expect(line).to.match(/^portal_session=[A-Za-z0-9_-]{43}; Path=\/portal; HttpOnly; SameSite=Strict; Max-Age=1800$/);
      const session = /^portal_session=([^;]+)/.exec(line ?? '')?.[1] ?? '?';
      expect(await response.text()).to.not.include(session);
    });

    it('shows the locked page with the call center after the account limit', async () => {
      const page = await logIn('s4000001');
      expect(page.html).to.include('Login is stopped').and.include('082-207-4262');
    });
  });

  describe('authentication key', () => {
    it('goes login → key → wrong keys (attempts left) → invalidated → Reissue → new key → Authenticated', async () => {
      const keyPage = await logIn('s1234567');
      expect(keyPage.html).to.include('<h1>Two-factor authentication</h1>').and.include('An authentication key has been sent to ta***@ex***.ac.jp');
      expect(keyPage.html).to.include('>Authenticate</button>').and.include('>Reissue</button>');
      const old = h.lastKey(TARO);
      for (let left = 4; left >= 1; left--) {
        const page = await browser.post('/portal/key', { ...LOGIN, key: wrongKey(old) });
        expect(page.html).to.include(`Attempts left before the key is invalidated: ${left}.`);
      }
      const invalidated = await browser.post('/portal/key', { ...LOGIN, key: wrongKey(old) });
      expect(invalidated.html).to.include('The authentication key has been invalidated after too many failed entries. Press &#34;Reissue&#34;');
      expect((await browser.post('/portal/key', { ...LOGIN, key: old })).html).to.include('has been invalidated');

      const reissued = await browser.post('/portal/key/reissue', LOGIN);
      expect(reissued.html).to.include('A new authentication key has been sent to ta***@ex***.ac.jp');
      const fresh = h.lastKey(TARO);
      const done = await browser.post('/portal/key', { ...LOGIN, key: fresh });
      expect(done.html).to.include('<h1>Authentication completed</h1>').and.include('Authenticated.');
      expect(await h.failures('s1234567')).to.equal(0);
    });

    it("says so in Japanese, at the tenant's own limit (2 at short-u)", async () => {
      const ja = { tenant: 'short-u', lang: 'ja' };
      await browser.get('/portal/login?tenant=short-u');
      const keyPage = await browser.post('/portal/login', { ...ja, loginId: 's5000001', universityPassword: UNIV, secondPassword: SECOND });
      expect(keyPage.html).to.include('sh***@sh***.ac.jp 宛てに認証キーを送信しました。').and.include('>認証</button>').and.include('>再発行</button>');
      const key = h.lastKey('short@short-u.ac.jp');
      expect((await browser.post('/portal/key', { ...ja, key: wrongKey(key) })).html).to.include('認証キーが正しくありません。認証キーが無効になるまでの残り回数：1回');
      const invalidated = await browser.post('/portal/key', { ...ja, key: wrongKey(key) });
      expect(invalidated.html).to.include('認証キーは無効になりました。「再発行」ボタンを押して');
    });

    it('shows when the next mail is allowed once the send budget is spent', async () => {
      await logIn('s1234567');
      for (let i = 0; i < 5; i++) expect((await browser.post('/portal/key/reissue', LOGIN)).html).to.include('A new authentication key');
      const page = await browser.post('/portal/key/reissue', LOGIN);
      expect(page.html).to.match(/You can request another one after \d{4}\/\d\d\/\d\d \d\d:\d\d \(Japan time\)/);
    });

    it('asks to log in again without the session cookie', async () => {
      await logIn('s1234567');
      browser.cookies.delete('portal_session');
      const page = await browser.post('/portal/key', { ...LOGIN, key: h.lastKey(TARO) });
      expect(page.html).to.include('Please log in again');
      expect((await browser.get('/portal/key?tenant=example-u&lang=en')).html).to.include('Please log in again');
    });
  });

  describe('first login', () => {
    it('goes email (escaped, problems named) → confirmation link → second password (rules) → key', async () => {
      const email = await logIn('s2000002', '');
      expect(email.html).to.include('<h1>Mail address setting</h1>').and.include('cert-no-reply@example-u.ac.jp');
      const hostile = '<img src=x onerror=alert(1)>';
      const invalid = await browser.post('/portal/email', { ...LOGIN, email: hostile, check: 'jiro@example.com' });
      expect(invalid.status).to.equal(422);
      expect(invalid.html).to.include('value="&#60;img src=x onerror=alert(1)&#62;"').and.not.include('<img');
      expect(invalid.html).to.include('contains spaces').and.include('not in a valid form').and.include('do not match');
      const sent = await browser.post('/portal/email', { ...LOGIN, email: 'jiro@example.com', check: 'jiro@example.com' });
      expect(sent.html).to.include('A confirmation mail has been sent to ji***@ex***.com.');
      expect(browser.cookies.has('portal_session')).to.equal(false);

      const token = h.lastToken('emailConfirmation', 'jiro@example.com');
      await browser.get(`/account/confirm-email?t=${token}`);
      expect((await browser.post('/account/confirm-email', { t: token, lang: 'en' })).html).to.include('Mail address setting complete');

      const second = await logIn('s2000002', '');
      expect(second.html).to.include('<h1>Set second password</h1>').and.include('data-rules-for="secondPassword"');
      const weak = await browser.post('/portal/second-password', { ...LOGIN, secondPassword: 'weak', check: 'weak' });
      expect(shownProblems(weak.html, 'secondPassword')).to.deep.equal(['too_short', 'no_upper', 'no_digit']);
      const set = await browser.post('/portal/second-password', { ...LOGIN, secondPassword: 'NewPass12', check: 'NewPass12' });
      expect(set.html).to.include('Setting the second password complete');
      expect((await logIn('s2000002', 'NewPass12')).html).to.include('Two-factor authentication');
    });
  });
});
