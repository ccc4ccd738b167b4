import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { localesDir } from '../../../services/i18n/i18n.ts';
import type { Actor } from '../../../services/audit/auditLog.ts';
import { SECOND, UNIV } from '../../services/accounts/reference/portalFixture.ts';
import { TARO, escaped, openPages, problemText, shownProblems } from './pagesHarness.ts';
import type { PagesHarness } from './pagesHarness.ts';

const user: Actor = { kind: 'user', conversationId: 'conv-pages' };
const HANAKO = 'hanako@example.com';

interface RulesFile {
  rules: Record<string, string>;
  problems: Record<string, string>;
}
const rulesOf = (locale: string): RulesFile => JSON.parse(readFileSync(path.join(localesDir, locale, 'passwordRules.json'), 'utf8')) as RulesFile;

describe('account pages: second password from a reset link (manual 003 §2.4 (c))', () => {
  let h: PagesHarness;

  beforeEach(async () => {
    h = await openPages();
  });
  afterEach(() => h.close());

  /** s1234567's reset link (its locale is en). */
  const resetLink = async (): Promise<string> => {
    const verified = await h.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: TARO }, user);
    if (!verified.verified) throw new Error('not verified');
    await h.accounts.sendSecondPasswordReset(verified.account, user);
    return h.lastToken('secondPasswordReset', TARO);
  };
  const canLogIn = async (secondPassword: string): Promise<boolean> =>
    (await h.portal.login('example-u', 's1234567', UNIV, secondPassword)).outcome === 'needsKey';

  describe('GET', () => {
    for (const locale of ['en', 'ja'] as const) {
      it(`shows "Second password", "Check", every rule (${locale}) and the live check script`, async () => {
        const token = await resetLink();
        const page = await h.browser().get(`/account/second-password?t=${token}${locale === 'ja' ? '&lang=ja' : ''}`);
        expect(page.status).to.equal(200);
        const rules = rulesOf(locale).rules;
        for (const key of ['minLength', 'upper', 'lower', 'digit', 'halfWidthOnly']) expect(page.html).to.include(escaped(rules[key] ?? '?'));
        expect(page.html).to.include('data-rules-for="secondPassword"').and.include('data-problems-for="secondPassword" data-check="check"');
        expect(page.html).to.match(/<script src="\/account\/assets\/password-check.js" nonce="[^"]+" defer><\/script>/);
        expect(shownProblems(page.html, 'secondPassword')).to.deep.equal([]);
      });
    }
  });

  describe('POST with broken rules', () => {
    const cases: Array<[string, string, string[]]> = [
      ['Abcde12', 'Abcde12', ['too_short']],
      ['abcdefg1', 'abcdefg1', ['no_upper']],
      ['ABCDEFG1', 'ABCDEFG1', ['no_lower']],
      ['Abcdefgh', 'Abcdefgh', ['no_digit']],
      ['Abcdefg1!', 'Abcdefg1!', ['invalid_characters']],
      ['Abcdefg１', 'Abcdefg１', ['no_digit', 'invalid_characters', 'full_width']],
      ['Abcd efg1', 'Abcd efg1', ['invalid_characters', 'spaces']],
      ['Abcdefg1', 'Abcdefg2', ['mismatch']],
      ['ｐａｓｓ ', 'pass', ['too_short', 'no_upper', 'no_lower', 'no_digit', 'invalid_characters', 'full_width', 'spaces', 'mismatch']],
    ];
    for (const locale of ['en', 'ja'] as const) {
      for (const [value, check, expected] of cases) {
        it(`names ${expected.join(', ')} for ${JSON.stringify(value)} (${locale}), and the link stays usable`, async () => {
          const token = await resetLink();
          const browser = h.browser();
          await browser.get(`/account/second-password?t=${token}`);
          const page = await browser.post('/account/second-password', { t: token, lang: locale, secondPassword: value, check });
          expect(page.status).to.equal(422);
          expect(page.html).to.include(`<html lang="${locale}">`);
          expect(shownProblems(page.html, 'secondPassword')).to.deep.equal(expected);
          for (const problem of expected) expect(problemText(page.html, 'secondPassword', problem)).to.equal(escaped(rulesOf(locale).problems[problem] ?? '?'));
          expect(page.html).to.not.include(`value="${escaped(value)}"`);
          expect((await h.portal.inspectLink(token, 'resetSecondPassword')).outcome).to.equal('valid');
        });
      }
    }

    it('names full-width characters and spaces in words the user knows', async () => {
      const token = await resetLink();
      const browser = h.browser();
      await browser.get(`/account/second-password?t=${token}`);
      const page = await browser.post('/account/second-password', { t: token, secondPassword: 'Ａbcdefg1 ', check: 'Ａbcdefg1 ' });
      expect(page.html).to.include('It contains full-width characters.').and.include('It contains spaces. Please remove them.');
    });
  });

  describe('POST with a valid second password', () => {
    it('sets it after a failed try: "Setting the second password complete"; the old one no longer works; the link is used', async () => {
      const token = await resetLink();
      const browser = h.browser();
      await browser.get(`/account/second-password?t=${token}`);
      await browser.post('/account/second-password', { t: token, secondPassword: 'short', check: 'short' });
      const done = await browser.post('/account/second-password', { t: token, secondPassword: 'NewPass12', check: 'NewPass12' });
      expect(done.status).to.equal(200);
      expect(done.html).to.include('<h1>Setting the second password complete</h1>').and.include('The second password has been set.');
      expect(await canLogIn('NewPass12')).to.equal(true);
      expect(await canLogIn(SECOND)).to.equal(false);
      const again = await browser.post('/account/second-password', { t: token, secondPassword: 'Other1234', check: 'Other1234' });
      expect(again.status).to.equal(410);
      expect(await canLogIn('NewPass12')).to.equal(true);
    });
  });
});

describe('account pages: graduates\' password reset (manual 002 §2.2 (e))', () => {
  let h: PagesHarness;

  beforeEach(async () => {
    h = await openPages();
  });
  afterEach(() => h.close());

  const graduateLink = async (): Promise<string> => {
    const verified = await h.accounts.verifyIdentity({ kind: 'graduate', tenant: 'example-u', email: HANAKO, birthDate: '1999-09-09' }, user);
    if (!verified.verified) throw new Error('not verified');
    await h.accounts.sendSecondPasswordReset(verified.account, user);
    return h.lastToken('graduatePasswordReset', HANAKO);
  };
  const submit = async (token: string, fields: Record<string, string>) => {
    const browser = h.browser();
    await browser.get(`/account/graduate-reset?t=${token}`);
    return await browser.post('/account/graduate-reset', { t: token, ...fields });
  };

  it('shows password + check + second password + check with the graduates\' rules', async () => {
    const page = await h.browser().get(`/account/graduate-reset?t=${await graduateLink()}`);
    for (const name of ['password', 'passwordCheck', 'secondPassword', 'secondPasswordCheck']) expect(page.html).to.include(`name="${name}"`);
    expect(page.html).to.include(escaped(rulesOf('en').rules.differentFromPassword ?? '?')).and.include(escaped(rulesOf('en').rules.notOld ?? '?'));
  });

  it('refuses the same value for both, and the old (initial) password, naming each', async () => {
    const token = await graduateLink();
    const same = await submit(token, { password: 'Same1234', passwordCheck: 'Same1234', secondPassword: 'Same1234', secondPasswordCheck: 'Same1234' });
    expect(same.status).to.equal(422);
    expect(shownProblems(same.html, 'secondPassword')).to.deep.equal(['same_as_password']);
    const old = await submit(token, { password: 'Initial99', passwordCheck: 'Initial99', secondPassword: 'Other1234', secondPasswordCheck: 'Other123' });
    expect(shownProblems(old.html, 'password')).to.deep.equal(['reused']);
    expect(shownProblems(old.html, 'secondPassword')).to.deep.equal(['mismatch']);
  });

  it('sets both, once', async () => {
    const token = await graduateLink();
    const done = await submit(token, { password: 'NewPass12', passwordCheck: 'NewPass12', secondPassword: 'Second34', secondPasswordCheck: 'Second34' });
    expect(done.status).to.equal(200);
    expect(done.html).to.include('Password setting complete');
    expect((await h.portal.inspectLink(token, 'graduateReset')).outcome).to.equal('used');
  });
});
