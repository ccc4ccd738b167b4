import { expect } from 'chai';
import { accountOperations, errorBodySchema } from '../../../services/accounts/accountSchemas.ts';
import { ForbiddenError, UnknownAccountError } from '../../../services/accounts/accounts.ts';
import { DependencyError, UserFacingError } from '../../../services/errors.ts';
import { fakeAccount, serveFakeAccounts, TEST_TOKEN } from '../../helpers/fakeAccounts.ts';
import type { FakeAccountService } from '../../helpers/fakeAccounts.ts';

const actor = { kind: 'user', conversationId: 'conv-1' };
const claim = { kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'taro@example-u.ac.jp' };
const post = Object.values(accountOperations).filter((operation) => operation.method === 'POST');

describe('registerAccountApi', () => {
  let service: FakeAccountService;

  beforeEach(async () => {
    service = await serveFakeAccounts();
  });
  afterEach(async () => {
    await service.stop();
  });

  const send = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(service.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, headers: response.headers, json: (await response.json()) as unknown };
  };
  const errorOf = (json: unknown) => errorBodySchema.parse(json).error;

  context('without a valid bearer token', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['no Authorization header', { authorization: '' }],
      ['a wrong token', { authorization: `Bearer ${TEST_TOKEN.slice(0, -1)}x` }],
      ['a longer token', { authorization: `Bearer ${TEST_TOKEN}0` }],
      ['the token under another scheme', { authorization: `Basic ${TEST_TOKEN}` }],
    ];
    for (const [name, headers] of cases) {
      it(`answers 401 to ${name} on every route, and calls nothing`, async () => {
        for (const { path } of post) {
          const { status, json, headers: answer } = await send(path, JSON.stringify({ claim, actor }), headers);
          expect(status, path).to.equal(401);
          expect(errorOf(json).code).to.equal('Unauthorized');
          expect(answer.get('www-authenticate')).to.match(/^Bearer/);
        }
        const health = await fetch(`${service.url}/v1/health`, { headers });
        expect(health.status).to.equal(401);
        expect(service.fake.calls).to.deep.equal([]);
      });
    }
  });

  context('with the bad inputs of issue 3 item 7', () => {
    const ten = 'x'.repeat(10 * 1024);
    const cases: Array<[string, string, unknown, string]> = [
      ['{"$gt": ""} instead of the login ID', '/v1/verify-identity', { claim: { ...claim, loginId: { $gt: '' } }, actor }, 'claim.loginId'],
      ['{"$where": ...} instead of the email', '/v1/verify-identity', { claim: { ...claim, email: { $where: 'sleep(5000)' } }, actor }, 'claim.email'],
      ['a $where operator beside the claim fields', '/v1/verify-identity', { claim: { ...claim, $where: 'true' }, actor }, 'claim.$where'],
      ['{"$ne": null} instead of the account id', '/v1/auth-key-reissue', { account: { tenant: 'example-u', id: { $ne: null } }, actor }, 'account.id'],
      ['a number instead of the login ID', '/v1/verify-identity', { claim: { ...claim, loginId: 1234567 }, actor }, 'claim.loginId'],
      ['a string instead of a boolean', '/v1/two-factor', { account: fakeAccount, enabled: 'true', actor }, 'enabled'],
      ['an array instead of the tenant', '/v1/lookup', { tenant: ['example-u'], loginIdOrEmail: 's1234567', actor }, 'tenant'],
      ['a 10 KB email', '/v1/verify-identity', { claim: { ...claim, email: `${ten}@example-u.ac.jp` }, actor }, 'claim.email'],
      ['a 10 KB login ID to look up', '/v1/lookup', { tenant: 'example-u', loginIdOrEmail: ten, actor }, 'loginIdOrEmail'],
      ['a control character in the login ID', '/v1/verify-identity', { claim: { ...claim, loginId: 's123\u0000' }, actor }, 'claim.loginId'],
      ['a line break in the email', '/v1/verify-identity', { claim: { ...claim, email: 'taro@example-u.ac.jp\r\nBcc: x@y.z' }, actor }, 'claim.email'],
      ['an unknown top-level field', '/v1/unlock', { account: fakeAccount, actor, force: true }, 'force'],
      ['an unknown field in the account', '/v1/unlock', { account: { ...fakeAccount, $where: '1' }, actor }, 'account.$where'],
      ['a __proto__ field', '/v1/staff-summary', JSON.parse(`{"account":${JSON.stringify(fakeAccount)},"actor":{"kind":"user","conversationId":"c"},"__proto__":{"admin":true}}`), '__proto__'],
      ['a staff field on a user actor', '/v1/unlock', { account: fakeAccount, actor: { ...actor, role: 'supervisor' } }, 'actor.role'],
      ['an unknown actor kind', '/v1/unlock', { account: fakeAccount, actor: { kind: 'root', conversationId: 'c' } }, 'actor.kind'],
      ['no actor', '/v1/registration-status', { account: fakeAccount }, 'actor'],
      ['an empty login ID', '/v1/verify-identity', { claim: { ...claim, loginId: '' }, actor }, 'claim.loginId'],
    ];
    for (const [name, path, body, field] of cases) {
      it(`answers 400 naming ${field} for ${name}, and calls nothing`, async () => {
        const { status, json } = await send(path, JSON.stringify(body));
        expect(status).to.equal(400);
        expect(errorOf(json)).to.include({ code: 'InvalidRequest', field });
        expect(errorOf(json).message).to.match(new RegExp(`^${field.replace(/\$/g, '\\$')}: `));
        expect(errorOf(json).message).to.have.length.below(200);
        expect(service.fake.calls).to.deep.equal([]);
      });
    }

    const bodies: Array<[string, string, RegExp]> = [
      ['a JSON array', JSON.stringify([{ claim, actor }]), /^request body: .*array/],
      ['JSON null', 'null', /^request body: /],
      ['invalid JSON', '{"claim": {"loginId": "s1234567"', /^request body: invalid JSON$/],
      ['an empty body', '', /^request body: invalid JSON$/],
    ];
    for (const [name, body, message] of bodies) {
      it(`answers 400 to ${name}, and calls nothing`, async () => {
        const { status, json } = await send('/v1/verify-identity', body);
        expect(status).to.equal(400);
        expect(errorOf(json).code).to.equal('InvalidRequest');
        expect(errorOf(json).message).to.match(message);
        expect(service.fake.calls).to.deep.equal([]);
      });
    }

    it('answers 415 to a body that is not application/json, and 413 to one over 64 KB', async () => {
      const form = await send('/v1/verify-identity', 'loginId=s1234567', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).to.equal(415);
      const gzip = await send('/v1/verify-identity', JSON.stringify({ claim, actor }), { 'content-encoding': 'gzip' });
      expect(gzip.status).to.equal(415);
      const large = await send('/v1/verify-identity', JSON.stringify({ claim, actor, pad: 'x'.repeat(70 * 1024) }));
      expect(large.status).to.equal(413);
      expect(errorOf(large.json).code).to.equal('PayloadTooLarge');
      expect(service.fake.calls).to.deep.equal([]);
    });
  });

  context('with well-formed but unnormalised input', () => {
    it('passes full-width, space-padded and malformed values through unchanged (normalising is the service’s job)', async () => {
      const odd = { ...claim, loginId: '　ｓ１２３４５６７ ', email: ' taro@@example-u.ac.jp　' };
      const { status } = await send('/v1/verify-identity', JSON.stringify({ claim: odd, actor }));
      expect(status).to.equal(200);
      expect(service.fake.calls).to.deep.equal([{ method: 'verifyIdentity', args: [odd, actor] }]);
    });
  });

  context('when the implementation fails', () => {
    const body = JSON.stringify({ account: fakeAccount, actor });

    it('answers 503 to a DependencyError', async () => {
      service.fake.failNext(1, new DependencyError('store', 'mongo at 10.0.0.5 refused'));
      const { status, json } = await send('/v1/staff-summary', body);
      expect(status).to.equal(503);
      expect(errorOf(json)).to.deep.equal({ code: 'ServiceUnavailable', message: 'the account service is temporarily unavailable' });
    });

    it('answers 500 with a generic message to anything else, and logs it', async () => {
      service.fake.failNext(1, new Error('secret internals'));
      const { status, json } = await send('/v1/unlock', body);
      expect(status).to.equal(500);
      expect(errorOf(json)).to.deep.equal({ code: 'ServiceError', message: 'internal error' });
      expect(service.logs.some((line) => line.includes('secret internals') && line.includes('/v1/unlock'))).to.equal(true);
    });

    it('answers 403 to a ForbiddenError and 404 to an UnknownAccountError, in the error shape', async () => {
      service.fake.failNext(1, new ForbiddenError('accounts.staffSummary is for staff only'));
      service.fake.failNext(1, new UnknownAccountError('accounts.unlock: no such account'));
      const forbidden = await send('/v1/staff-summary', body);
      expect([forbidden.status, errorOf(forbidden.json).code]).to.deep.equal([403, 'Forbidden']);
      const unknown = await send('/v1/unlock', body);
      expect([unknown.status, errorOf(unknown.json).code]).to.deep.equal([404, 'UnknownAccount']);
    });

    it('answers 422 with the locale key of a UserFacingError', async () => {
      service.fake.failNext(1, new UserFacingError('accounts:unknownAccount', 'no such account acc-0001'));
      const { status, json } = await send('/v1/registration-status', body);
      expect(status).to.equal(422);
      expect(json).to.deep.equal({ error: { code: 'UserFacing', message: 'the request cannot be completed', key: 'accounts:unknownAccount' } });
    });
  });

  describe('its answers', () => {
    it('carry only the documented fields', async () => {
      const leaky = { verified: false as const, email: 'taro@example-u.ac.jp' };
      service.fake.answers.verification = leaky;
      const { json } = await send('/v1/verify-identity', JSON.stringify({ claim, actor }));
      expect(json).to.deep.equal({ verified: false });
    });

    it('carry security headers, and unknown routes answer in the error shape', async () => {
      const { headers } = await send('/v1/verify-identity', JSON.stringify({ claim, actor }));
      expect(headers.get('x-content-type-options')).to.equal('nosniff');
      expect(headers.get('cache-control')).to.equal('no-store');
      const missing = await send('/v1/delete-everything', '{}');
      expect(missing.status).to.equal(404);
      expect(errorOf(missing.json).code).to.equal('ResourceNotFound');
    });

    it('never put a request body into the log', async () => {
      service.fake.failAlways(new Error('boom'));
      await send('/v1/verify-identity', JSON.stringify({ claim, actor }));
      await send('/v1/verify-identity', JSON.stringify({ claim: { ...claim, loginId: { $gt: '' } }, actor }));
      expect(service.logs).to.not.be.empty;
      expect(service.logs.join('\n')).to.not.match(/taro@example-u|s1234567/);
    });
  });
});
