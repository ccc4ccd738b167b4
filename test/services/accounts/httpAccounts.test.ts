import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Actor } from '../../../services/audit/auditLog.ts';
import type { IdentityClaim } from '../../../services/accounts/accounts.ts';
import { HttpAccounts } from '../../../services/accounts/httpAccounts.ts';
import { ForbiddenError, UnknownAccountError } from '../../../services/accounts/accounts.ts';
import { DependencyError, UserFacingError } from '../../../services/errors.ts';
import { createLogger } from '../../../services/log/logger.ts';
import { fakeAccount, serveFakeAccounts, TEST_TOKEN } from '../../helpers/fakeAccounts.ts';
import type { FakeAccountService, RecordedCall } from '../../helpers/fakeAccounts.ts';

const user: Actor = { kind: 'user', conversationId: 'conv-1' };
const staff: Actor = { kind: 'staff', staffId: 'agent01', role: 'supervisor', conversationId: 'conv-9' };
const claim: IdentityClaim = { kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'taro@example-u.ac.jp' };
const graduate: IdentityClaim = { kind: 'graduate', tenant: 'example-u', email: 'hanako@example.com', birthDate: '1999-09-09' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('HttpAccounts', () => {
  let service: FakeAccountService;
  let client: HttpAccounts;
  const connect = (options: Partial<ConstructorParameters<typeof HttpAccounts>[0]> = {}) =>
    new HttpAccounts({ baseUrl: service.url, token: TEST_TOKEN, backoffMs: 5, ...options });

  beforeEach(async () => {
    service = await serveFakeAccounts();
    client = connect();
  });
  afterEach(async () => {
    client.close();
    await service.stop();
  });

  it('round-trips every method through the real server', async () => {
    const { answers } = service.fake;
    expect(await client.verifyIdentity(claim, user)).to.deep.equal(answers.verification);
    expect(await client.verifyIdentity(graduate, { kind: 'system', component: 'e2e' })).to.deep.equal(answers.verification);
    expect(await client.registrationStatus(fakeAccount, user)).to.deep.equal(answers.status);
    expect(await client.resendEmailConfirmation(fakeAccount, user)).to.deep.equal(answers.action);
    expect(await client.sendSecondPasswordReset(fakeAccount, user)).to.deep.equal(answers.action);
    expect(await client.reissueAuthKey(fakeAccount, user)).to.deep.equal(answers.action);
    expect(await client.unlock(fakeAccount, staff)).to.deep.equal(answers.action);
    expect(await client.setTwoFactor(fakeAccount, false, staff)).to.deep.equal(answers.action);
    expect(await client.lookup('example-u', 's1234567', staff)).to.deep.equal(answers.lookup);
    expect(await client.staffSummary(fakeAccount, staff)).to.deep.equal(answers.summary);
    await client.ping();
    expect(service.fake.calls).to.deep.equal([
      { method: 'verifyIdentity', args: [claim, user] },
      { method: 'verifyIdentity', args: [graduate, { kind: 'system', component: 'e2e' }] },
      { method: 'registrationStatus', args: [fakeAccount, user] },
      { method: 'resendEmailConfirmation', args: [fakeAccount, user] },
      { method: 'sendSecondPasswordReset', args: [fakeAccount, user] },
      { method: 'reissueAuthKey', args: [fakeAccount, user] },
      { method: 'unlock', args: [fakeAccount, staff] },
      { method: 'setTwoFactor', args: [fakeAccount, false, staff] },
      { method: 'lookup', args: ['example-u', 's1234567', staff] },
      { method: 'staffSummary', args: [fakeAccount, staff] },
      { method: 'ping', args: [] },
    ]);
  });

  it('round-trips refusals, failed verifications and empty lookups', async () => {
    service.fake.answers = { ...service.fake.answers, verification: { verified: false }, lookup: undefined };
    service.fake.answers.action = { ok: false, reason: 'budget_exhausted', retryAt: '2025-04-02T09:00:00.000Z' };
    expect(await client.verifyIdentity(claim, user)).to.deep.equal({ verified: false });
    expect(await client.lookup('example-u', 'nobody@example.com', staff)).to.equal(undefined);
    expect(await client.reissueAuthKey(fakeAccount, user)).to.deep.equal(service.fake.answers.action);
    service.fake.answers.action = { ok: false, reason: 'forbidden' };
    expect(await client.unlock(fakeAccount, user)).to.deep.equal({ ok: false, reason: 'forbidden' });
  });

  it('answers a claim or lookup the API would refuse as no match, without calling the service', async () => {
    expect(await client.verifyIdentity({ ...claim, loginId: 's123\u0000' }, user)).to.deep.equal({ verified: false });
    expect(await client.verifyIdentity({ ...claim, email: 'x'.repeat(10 * 1024) }, user)).to.deep.equal({ verified: false });
    expect(await client.lookup('example-u', 'x'.repeat(10 * 1024), staff)).to.equal(undefined);
    expect(service.fake.calls).to.deep.equal([]);
  });

  it('rethrows the port’s refusals as the implementation threw them, without retrying or tripping the breaker', async () => {
    const guarded = connect({ breaker: { volumeThreshold: 1 } });
    service.fake.failNext(1, new UserFacingError('accounts:somethingToSay'));
    const said = await rejection(guarded.registrationStatus(fakeAccount, user));
    expect(said).to.be.instanceOf(UserFacingError).and.to.include({ key: 'accounts:somethingToSay' });
    service.fake.failNext(1, new ForbiddenError('staff only'));
    expect(await rejection(guarded.staffSummary(fakeAccount, user))).to.be.instanceOf(ForbiddenError);
    service.fake.failNext(1, new UnknownAccountError('gone'));
    expect(await rejection(guarded.lookup('example-u', 's1234567', staff))).to.be.instanceOf(UnknownAccountError);
    expect(service.fake.calls).to.have.length(3);
    expect(guarded.breaker.closed).to.equal(true);
    guarded.close();
  });

  it('answers DependencyError to a wrong token, and the breaker does not count it', async () => {
    const wrong = connect({ token: 'not-the-right-token', breaker: { volumeThreshold: 2 } });
    for (let n = 0; n < 4; n += 1) expect(await rejection(wrong.registrationStatus(fakeAccount, user))).to.be.instanceOf(DependencyError);
    expect(wrong.breaker.closed).to.equal(true);
    wrong.close();
  });

  it('never logs a request body', async () => {
    const lines: string[] = [];
    const logged = connect({ logger: createLogger('debug', (line) => lines.push(line)) });
    service.fake.failAlways();
    await rejection(logged.verifyIdentity(claim, user));
    await rejection(logged.unlock(fakeAccount, staff));
    expect(lines).to.not.be.empty;
    expect(lines.join('\n')).to.not.match(/taro@example-u|s1234567|agent01/);
    logged.close();
  });

  describe('retries', () => {
    const idempotent: Array<[RecordedCall['method'], (accounts: HttpAccounts) => Promise<unknown>]> = [
      ['verifyIdentity', (accounts) => accounts.verifyIdentity(claim, user)],
      ['registrationStatus', (accounts) => accounts.registrationStatus(fakeAccount, user)],
      ['lookup', (accounts) => accounts.lookup('example-u', 's1234567', staff)],
      ['staffSummary', (accounts) => accounts.staffSummary(fakeAccount, staff)],
      ['ping', (accounts) => accounts.ping()],
    ];
    const sending: Array<[RecordedCall['method'], (accounts: HttpAccounts) => Promise<unknown>]> = [
      ['resendEmailConfirmation', (accounts) => accounts.resendEmailConfirmation(fakeAccount, user)],
      ['sendSecondPasswordReset', (accounts) => accounts.sendSecondPasswordReset(fakeAccount, user)],
      ['reissueAuthKey', (accounts) => accounts.reissueAuthKey(fakeAccount, user)],
      ['unlock', (accounts) => accounts.unlock(fakeAccount, staff)],
      ['setTwoFactor', (accounts) => accounts.setTwoFactor(fakeAccount, true, staff)],
    ];

    for (const [method, call] of idempotent) {
      it(`retries ${method} after a 503: one call succeeds, two attempts reach the service`, async () => {
        service.fake.failNext(1);
        await call(client);
        expect(service.fake.methods()).to.deep.equal([method, method]);
      });
    }

    for (const [method, call] of sending) {
      it(`never retries ${method}: a 503 is a DependencyError after exactly one attempt`, async () => {
        service.fake.failNext(1);
        const error = await rejection(call(client));
        expect(error).to.be.instanceOf(DependencyError).and.to.include({ dependency: 'accounts' });
        expect(service.fake.methods()).to.deep.equal([method]);
      });
    }

    it('does not retry a 500, which a second attempt would not cure', async () => {
      service.fake.failNext(1, new Error('bug'));
      expect(await rejection(client.registrationStatus(fakeAccount, user))).to.be.instanceOf(DependencyError);
      expect(service.fake.calls).to.have.length(1);
    });

    it('gives up after the configured retries', async () => {
      service.fake.failAlways();
      expect(await rejection(client.staffSummary(fakeAccount, staff))).to.be.instanceOf(DependencyError);
      expect(service.fake.calls).to.have.length(3);
    });
  });

  describe('circuit breaker', () => {
    it('opens after repeated failures, fails fast while open, goes half-open after its reset timeout and closes on a success', async () => {
      const guarded = connect({ breaker: { resetTimeoutMs: 50, volumeThreshold: 3 } });
      service.fake.failAlways();
      const opened = once(guarded.breaker, 'open');
      for (let n = 0; n < 3; n += 1) await rejection(guarded.unlock(fakeAccount, staff));
      await opened;
      const reached = service.fake.calls.length;

      const started = performance.now();
      const fast = await rejection(guarded.staffSummary(fakeAccount, staff));
      expect(fast).to.be.instanceOf(DependencyError).and.to.have.property('message').that.matches(/circuit open/);
      expect(performance.now() - started).to.be.below(50);
      expect(service.fake.calls).to.have.length(reached);

      await once(guarded.breaker, 'halfOpen');
      service.fake.recover();
      const closed = once(guarded.breaker, 'close');
      expect(await guarded.staffSummary(fakeAccount, staff)).to.deep.equal(service.fake.answers.summary);
      await closed;
      expect(guarded.breaker.closed).to.equal(true);
      expect(service.fake.calls).to.have.length(reached + 1);
      guarded.close();
    });

    it('opens again when the half-open trial fails', async () => {
      const guarded = connect({ retries: 0, breaker: { resetTimeoutMs: 50, volumeThreshold: 1 } });
      service.fake.failAlways();
      await rejection(guarded.registrationStatus(fakeAccount, user));
      expect(guarded.breaker.opened).to.equal(true);
      await once(guarded.breaker, 'halfOpen');
      const reopened = once(guarded.breaker, 'open');
      await rejection(guarded.registrationStatus(fakeAccount, user));
      await reopened;
      expect(service.fake.calls).to.have.length(2);
      guarded.close();
    });
  });
});

describe('HttpAccounts against a service that never answers', () => {
  const release = new EventEmitter();
  let service: FakeAccountService;
  let client: HttpAccounts;

  before(async () => {
    service = await serveFakeAccounts();
    service.fake.holdUntil(once(release, 'release'));
    client = new HttpAccounts({ baseUrl: service.url, token: TEST_TOKEN });
  });
  after(async () => {
    release.emit('release');
    client.close();
    await service.stop();
  });

  it('gives up a mail-sending call after the 2 s timeout with DependencyError, after one attempt', async () => {
    const started = performance.now();
    const error = await rejection(client.reissueAuthKey(fakeAccount, user));
    const elapsed = performance.now() - started;
    expect(error).to.be.instanceOf(DependencyError).and.to.have.property('message').that.matches(/no answer within 2000 ms/);
    expect(elapsed).to.be.within(1950, 2500);
    expect(service.fake.methods()).to.deep.equal(['reissueAuthKey']);
  });

  it('answers an idempotent call with DependencyError within 3 s, its retry included', async () => {
    const started = performance.now();
    const error = await rejection(client.registrationStatus(fakeAccount, user));
    expect(error).to.be.instanceOf(DependencyError);
    expect(performance.now() - started).to.be.within(1950, 3000);
    expect(service.fake.methods().filter((method) => method === 'registrationStatus')).to.have.length.within(1, 2);
  });
});

describe('HttpAccounts against a misbehaving service', () => {
  let answer: { status: number; body: string; headers?: Record<string, string> };
  let requests = 0;
  let client: HttpAccounts;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  beforeEach(() => {
    requests = 0;
    const { port } = server.address() as AddressInfo;
    client = new HttpAccounts({ baseUrl: `http://127.0.0.1:${port}/`, token: TEST_TOKEN, backoffMs: 5 });
  });
  afterEach(() => client.close());
  after(async () => {
    server.close();
    server.closeAllConnections();
    await once(server, 'close');
  });

  const malformed: Array<[string, typeof answer]> = [
    ['a field of the wrong type', { status: 200, body: '{"verified":"yes"}' }],
    ['an account id with control characters', { status: 200, body: JSON.stringify({ verified: true, kind: 'student', account: { tenant: 't', id: 'a\u0000' } }) }],
    ['a body that is not JSON', { status: 200, body: '<html>oops</html>' }],
    ['an empty body', { status: 200, body: '' }],
    ['a body over 256 KB', { status: 200, body: JSON.stringify({ verified: false, pad: 'x'.repeat(300 * 1024) }) }],
    ['a redirect', { status: 302, body: '', headers: { location: 'http://127.0.0.1:1/v1/verify-identity' } }],
  ];
  for (const [name, canned] of malformed) {
    it(`answers DependencyError to ${name}, without retrying`, async () => {
      answer = canned;
      expect(await rejection(client.verifyIdentity(claim, user))).to.be.instanceOf(DependencyError);
      expect(requests).to.equal(1);
    });
  }

  it('drops fields the port does not know', async () => {
    answer = { status: 200, body: JSON.stringify({ verified: false, email: 'taro@example-u.ac.jp' }) };
    expect(await client.verifyIdentity(claim, user)).to.deep.equal({ verified: false });
  });

  it('answers DependencyError at once when nothing listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    probe.close();
    await once(probe, 'close');
    const down = new HttpAccounts({ baseUrl: `http://127.0.0.1:${port}`, token: TEST_TOKEN });
    const started = performance.now();
    expect(await rejection(down.staffSummary(fakeAccount, staff))).to.be.instanceOf(DependencyError);
    expect(await rejection(down.unlock(fakeAccount, staff))).to.be.instanceOf(DependencyError);
    expect(performance.now() - started).to.be.below(1000);
    down.close();
  });
});
