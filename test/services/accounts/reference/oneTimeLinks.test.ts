import { expect } from 'chai';
import { LINK_LIFETIME_MS, OneTimeLinks } from '../../../../services/accounts/reference/oneTimeLinks.ts';
import { sha256 } from '../../../../services/accounts/reference/secretHash.ts';
import { openHarness } from './harness.ts';
import type { ReferenceHarness } from './harness.ts';

const account = { id: 'acc_1', tenant: 'example-u' };

describe('OneTimeLinks', () => {
  let h: ReferenceHarness;
  let links: OneTimeLinks;

  beforeEach(async () => {
    h = await openHarness();
    links = await OneTimeLinks.open(h.store, h.clock);
  });
  afterEach(() => h.close());

  const raw = async () => (await h.store.collection<{ _id: string } & Record<string, unknown>>('oneTimeLinks')).find({});

  describe('#issue', () => {
    it('makes a token of 256 random bits, URL-safe, different every time', async () => {
      const a = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      const b = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      expect(a.token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(a.token, 'base64url')).to.have.length(32);
      expect(a.token).not.to.equal(b.token);
    });

    it('stores only the SHA-256 of the token, never the token', async () => {
      const { token } = await links.issue(account, 'confirmEmail', { locale: 'ja', email: 'taro@example-u.ac.jp' });
      const docs = await raw();
      expect(docs).to.have.length(1);
      expect(JSON.stringify(docs)).not.to.include(token);
      expect(docs[0]?.tokenHash).to.equal(sha256(token));
    });

    it('expires 30 minutes after issue (003 §2.1 "Due date for the URL: 30 minutes")', async () => {
      const issued = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      expect(LINK_LIFETIME_MS).to.equal(30 * 60_000);
      expect(issued.expiresAt.getTime() - h.clock().getTime()).to.equal(LINK_LIFETIME_MS);
    });
  });

  describe('#consume', () => {
    it('works once, then answers used', async () => {
      const { token } = await links.issue(account, 'confirmEmail', { locale: 'en', email: 'a@b.jp' });
      const first = await links.consume(token, 'confirmEmail');
      expect(first).to.deep.include({ state: 'ok' });
      expect(first.state === 'ok' && first.link).to.include({ account: 'acc_1', tenant: 'example-u', email: 'a@b.jp', locale: 'en' });
      expect(await links.consume(token, 'confirmEmail')).to.deep.equal({ state: 'used' });
    });

    it('works at 29:59 and answers expired at 30:00', async () => {
      const early = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      h.advance(LINK_LIFETIME_MS - 1000);
      expect((await links.consume(early.token, 'confirmEmail')).state).to.equal('ok');
      const late = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      h.advance(LINK_LIFETIME_MS);
      expect(await links.consume(late.token, 'resetSecondPassword')).to.deep.equal({ state: 'expired' });
    });

    it('voids the older link of the same purpose when a new one is issued, not those of other purposes', async () => {
      const old = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      const other = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      const other2 = await links.issue({ id: 'acc_2', tenant: 'example-u' }, 'resetSecondPassword', { locale: 'ja' });
      const fresh = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      expect(await links.consume(old.token, 'resetSecondPassword')).to.deep.equal({ state: 'superseded' });
      expect((await links.consume(fresh.token, 'resetSecondPassword')).state).to.equal('ok');
      expect((await links.consume(other.token, 'confirmEmail')).state).to.equal('ok');
      expect((await links.consume(other2.token, 'resetSecondPassword')).state).to.equal('ok');
    });

    it('answers unknown for a made-up token, a malformed one, and a link of another purpose', async () => {
      const { token } = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      expect(await links.consume('A'.repeat(43), 'resetSecondPassword')).to.deep.equal({ state: 'unknown' });
      expect(await links.consume('{"$gt":""}', 'resetSecondPassword')).to.deep.equal({ state: 'unknown' });
      expect(await links.consume(token, 'confirmEmail')).to.deep.equal({ state: 'unknown' });
      expect((await links.consume(token, 'resetSecondPassword')).state).to.equal('ok');
    });

    it('changes nothing when it answers expired, used, superseded or unknown', async () => {
      const expired = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      const superseded = await links.issue(account, 'graduateReset', { locale: 'ja' });
      await links.issue(account, 'graduateReset', { locale: 'ja' });
      const used = await links.issue(account, 'resetSecondPassword', { locale: 'ja' });
      await links.consume(used.token, 'resetSecondPassword');
      h.advance(LINK_LIFETIME_MS);
      const before = JSON.stringify(await raw());
      await links.consume(expired.token, 'confirmEmail');
      await links.consume(superseded.token, 'graduateReset');
      await links.consume(used.token, 'resetSecondPassword');
      await links.consume('B'.repeat(43), 'confirmEmail');
      expect(JSON.stringify(await raw())).to.equal(before);
    });

    it('lets exactly one of ten racing uses succeed', async () => {
      const { token } = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => links.consume(token, 'confirmEmail')));
      expect(outcomes.filter((outcome) => outcome.state === 'ok')).to.have.length(1);
    });
  });

  describe('#inspect', () => {
    it('reports the state without using the link', async () => {
      const { token } = await links.issue(account, 'confirmEmail', { locale: 'ja' });
      expect((await links.inspect(token, 'confirmEmail')).state).to.equal('ok');
      expect((await links.inspect(token, 'confirmEmail')).state).to.equal('ok');
      expect((await links.consume(token, 'confirmEmail')).state).to.equal('ok');
      expect(await links.inspect(token, 'confirmEmail')).to.deep.equal({ state: 'used' });
    });
  });
});
