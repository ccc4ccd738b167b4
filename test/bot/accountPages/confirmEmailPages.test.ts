import { expect } from 'chai';
import { UNIV } from '../../services/accounts/reference/portalFixture.ts';
import { MINUTE, openPages } from './pagesHarness.ts';
import type { PagesHarness } from './pagesHarness.ts';

const JIRO = 'jiro@example.com';

describe('account pages: confirm email (manual 003 §2.1 steps 7–8)', () => {
  let h: PagesHarness;

  beforeEach(async () => {
    h = await openPages();
  });
  afterEach(() => h.close());

  /** s2000002 (ja) registers an address at first login; the mail carries the link. */
  const confirmationLink = async (): Promise<string> => {
    const login = await h.portal.login('example-u', 's2000002', UNIV);
    if (login.outcome !== 'needsEmail') throw new Error(login.outcome);
    await h.portal.registerEmail(login.session, JIRO, JIRO);
    return h.lastToken('emailConfirmation', JIRO);
  };
  const stage = async (): Promise<string> => (await h.portal.login('example-u', 's2000002', UNIV)).outcome;

  describe('GET /account/confirm-email', () => {
    it("shows a button in the link's language and uses nothing (mail scanners fetch links)", async () => {
      const token = await confirmationLink();
      const browser = h.browser();
      for (let i = 0; i < 2; i++) {
        const page = await browser.get(`/account/confirm-email?t=${token}`);
        expect(page.status).to.equal(200);
        expect(page.html).to.include('<html lang="ja">').and.include('設定を完了する').and.include('method="post" action="/account/confirm-email"');
        expect(page.html).to.match(/有効期限は \d{4}\/\d\d\/\d\d \d\d:\d\d（日本時間、残り約30分）/);
      }
      expect((await h.portal.inspectLink(token, 'confirmEmail')).outcome).to.equal('valid');
      expect(await stage()).to.equal('needsEmail');
    });

    it('switches to English with ?lang=en, and links back to Japanese', async () => {
      const token = await confirmationLink();
      const page = await h.browser().get(`/account/confirm-email?t=${token}&lang=en`);
      expect(page.html).to.include('<html lang="en">').and.include('Complete the setting');
      expect(page.html).to.include(`<a class="lang" href="/account/confirm-email?t=${token}&#38;lang=ja" hreflang="ja" lang="ja">日本語</a>`);
    });
  });

  describe('POST /account/confirm-email', () => {
    it('confirms once: "Mail address setting complete" with "Move to Login page"; the second use gets the used page', async () => {
      const token = await confirmationLink();
      const browser = h.browser();
      await browser.get(`/account/confirm-email?t=${token}`);
      const done = await browser.post('/account/confirm-email', { t: token, lang: 'ja' });
      expect(done.status).to.equal(200);
      expect(done.html).to.include('メールアドレス設定完了').and.include('メールアドレスを設定しました。');
      expect(done.html).to.include('<a class="button" href="/portal/login?tenant=example-u&#38;lang=ja">ログインページへ移動</a>');
      expect(await stage()).to.equal('needsSecondPassword');

      const again = await browser.post('/account/confirm-email', { t: token, lang: 'ja' });
      expect(again.status).to.equal(410);
      expect(again.html).to.include('このリンクは使用済みです');
      expect((await browser.get(`/account/confirm-email?t=${token}`)).html).to.include('このリンクは使用済みです');
    });

    it('says so in English with the manual\'s wording', async () => {
      const token = await confirmationLink();
      const browser = h.browser();
      await browser.get(`/account/confirm-email?t=${token}&lang=en`);
      const done = await browser.post('/account/confirm-email', { t: token, lang: 'en' });
      expect(done.html).to.include('<h1>Mail address setting complete</h1>').and.include('The mail address has been set.');
      expect(done.html).to.include('>Move to Login page</a>').and.include('href="/account/confirm-email/done?tenant=example-u&#38;lang=ja"');
      const switched = await browser.get('/account/confirm-email/done?tenant=example-u&lang=ja');
      expect(switched.html).to.include('メールアドレス設定完了');
    });
  });

  describe('a link that cannot be used', () => {
    it('after 30 minutes shows the expired page and changes nothing', async () => {
      const token = await confirmationLink();
      const browser = h.browser();
      await browser.get(`/account/confirm-email?t=${token}`);
      h.advance(30 * MINUTE);
      const opened = await browser.get(`/account/confirm-email?t=${token}`);
      expect(opened.status).to.equal(410);
      expect(opened.html).to.include('リンクの有効期限が切れています').and.include('有効期限（30分）');
      const posted = await browser.post('/account/confirm-email', { t: token });
      expect(posted.status).to.equal(410);
      expect(await stage()).to.equal('needsEmail');
    });

    it('says expired in English with how to get a new mail', async () => {
      const token = await confirmationLink();
      h.advance(31 * MINUTE);
      const page = await h.browser().get(`/account/confirm-email?t=${token}&lang=en`);
      expect(page.html).to.include('This link has expired: links are valid for 30 minutes. Nothing was changed.').and.include('log in again');
    });

    it('shows the superseded page for an older link once a newer one was mailed', async () => {
      const older = await confirmationLink();
      await confirmationLink();
      const page = await h.browser().get(`/account/confirm-email?t=${older}&lang=en`);
      expect(page.status).to.equal(410);
      expect(page.html).to.include('A newer mail has been sent').and.include('only the link in the newest mail works');
    });

    it('shows the unknown page (404) for a token that never existed or is cut short', async () => {
      const token = await confirmationLink();
      for (const t of ['x'.repeat(43), token.slice(0, 30), '']) {
        const page = await h.browser().get(`/account/confirm-email?t=${t}&lang=en`);
        expect(page.status, t).to.equal(404);
        expect(page.html).to.include('This link is not valid');
      }
      expect((await h.portal.inspectLink(token, 'confirmEmail')).outcome).to.equal('valid');
    });
  });
});
