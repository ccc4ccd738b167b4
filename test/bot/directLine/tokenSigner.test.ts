import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { STREAM_TOKEN_TTL_SECONDS, TOKEN_TTL_SECONDS, TokenSigner } from '../../../bot/directLine/tokenSigner.ts';
import type { TokenClaims } from '../../../bot/directLine/tokenSigner.ts';

describe('TokenSigner', () => {
  const secret = new Uint8Array(32).fill(1);
  let now: number;
  const signer = new TokenSigner(secret, () => new Date(now));
  const claims: TokenClaims = { user: 'dl_abc', tenant: 'example-u', conv: 'c1', scope: 'client' };

  beforeEach(() => {
    now = Date.UTC(2030, 0, 1);
  });

  describe('#issue', () => {
    it('issues a JWT whose `user` claim Web Chat can read, and its lifetime', () => {
      const { token, expiresIn } = signer.issue(claims);
      const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      expect(expiresIn).to.equal(TOKEN_TTL_SECONDS);
      expect(payload).to.deep.include({ user: 'dl_abc', tenant: 'example-u', conv: 'c1' });
    });

    it('gives stream tokens a short life', () => {
      expect(signer.issue({ ...claims, scope: 'stream' }).expiresIn).to.equal(STREAM_TOKEN_TTL_SECONDS);
    });

    it('refuses a key shorter than 32 bytes', () => {
      expect(() => new TokenSigner(new Uint8Array(16), () => new Date())).to.throw(/32 bytes/);
    });
  });

  describe('#verify', () => {
    it('returns the claims of a genuine token', () => {
      expect(signer.verify(signer.issue(claims).token, 'client')).to.deep.include(claims);
    });

    it('refuses a token whose payload was changed', () => {
      const [header, , signature] = signer.issue(claims).token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...claims, user: 'dl_other', exp: 9e9 })).toString('base64url');
      expect(signer.verify(`${header}.${forged}.${signature}`, 'client')).to.equal(null);
    });

    it('refuses a token signed with another key', () => {
      const other = new TokenSigner(new Uint8Array(32).fill(2), () => new Date(now));
      expect(signer.verify(other.issue(claims).token, 'client')).to.equal(null);
    });

    it('refuses "alg": "none" and any other header', () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...claims, exp: 9e9 })).toString('base64url');
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      expect(signer.verify(`${header}.${payload}.`, 'client')).to.equal(null);
      expect(signer.verify(`${header}.${payload}.${signature}`, 'client')).to.equal(null);
    });

    it('refuses a token once it expired', () => {
      const { token } = signer.issue(claims);
      now += (TOKEN_TTL_SECONDS - 1) * 1000;
      expect(signer.verify(token, 'client')).to.not.equal(null);
      now += 1000;
      expect(signer.verify(token, 'client')).to.equal(null);
    });

    it('refuses a token of the other scope', () => {
      expect(signer.verify(signer.issue({ ...claims, scope: 'stream' }).token, 'client')).to.equal(null);
      expect(signer.verify(signer.issue(claims).token, 'stream')).to.equal(null);
    });

    for (const garbage of ['', 'abc', 'a.b', 'a.b.c.d', '....', 'é.é.é']) {
      it(`refuses ${JSON.stringify(garbage)}`, () => {
        expect(signer.verify(garbage, 'client')).to.equal(null);
      });
    }
  });
});
