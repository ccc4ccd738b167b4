import { once } from 'node:events';
import type { Server } from 'restify';
import { createAccountServiceServer } from '../../bot/accountService.ts';
import type { Actor } from '../../services/audit/auditLog.ts';
import type { AccountRef, Accounts, ActionResult, IdentityClaim, MailDelivery } from '../../services/accounts/accounts.ts';
import type { RegistrationStatus, StaffSummary, Verification } from '../../services/accounts/accounts.ts';
import { DependencyError } from '../../services/errors.ts';
import { createLogger } from '../../services/log/logger.ts';

/** One call as the fake received it, failed or not. */
export interface RecordedCall {
  method: keyof Accounts;
  args: unknown[];
}

const delivery: MailDelivery = {
  mailId: 'mail-1',
  kind: 'authKeyReissue',
  maskedTo: 'ta***@ex***.ac.jp',
  state: 'sent',
  queuedAt: '2025-04-01T09:00:00.000Z',
  sentAt: '2025-04-01T09:00:02.000Z',
  detail: '250 2.0.0 OK queued',
};

const bounced: MailDelivery = {
  mailId: 'mail-0',
  kind: 'emailConfirmation',
  maskedTo: 'ta***@ex***.ac.jp',
  state: 'bounced',
  queuedAt: '2025-03-31T09:00:00.000Z',
  detail: '550 5.1.1 unknown user',
};

/** Canned answers, one per method; tests may replace any of them. */
export interface FakeAnswers {
  verification: Verification;
  status: RegistrationStatus;
  action: ActionResult;
  lookup: AccountRef | undefined;
  summary: StaffSummary;
}

/** The account every canned answer is about. */
export const fakeAccount: AccountRef = { tenant: 'example-u', id: 'acc-0001' };

/** Answers that fill every optional field, so a round trip loses nothing unnoticed. */
export function defaultAnswers(): FakeAnswers {
  const status: RegistrationStatus = {
    kind: 'student',
    stage: 'active',
    secondPasswordSet: true,
    twoFactor: true,
    authKey: 'invalidated',
    selfServiceBlocked: false,
    lastMail: delivery,
  };
  return {
    verification: { verified: true, account: fakeAccount, kind: 'student' },
    status,
    action: { ok: true, mail: { mailId: 'mail-2', maskedTo: 'ta***@ex***.ac.jp', queuedAt: '2025-04-01T09:10:00.000Z' } },
    lookup: fakeAccount,
    summary: {
      ...status,
      account: fakeAccount,
      loginId: 's1234567',
      maskedEmail: 'ta***@ex***.ac.jp',
      keyFailures: 5,
      accountFailures: 7,
      recentMails: [delivery, bounced],
    },
  };
}

/**
 * An in-memory Accounts that records every call (before failing or waiting), answers canned values,
 * and can be told to fail or to hold its answers until a promise settles.
 */
export class FakeAccounts implements Accounts {
  readonly calls: RecordedCall[] = [];
  answers: FakeAnswers = defaultAnswers();
  private failures: Error[] = [];
  private failAll: Error | undefined;
  private hold: Promise<unknown> | undefined;

  /** The next `count` calls throw `error` (a DependencyError, answered 503, unless told otherwise). */
  failNext(count: number, error: Error = new DependencyError('store', 'store down')): void {
    this.failures.push(...Array.from({ length: count }, () => error));
  }

  /** Every call throws `error` until `recover()`. */
  failAlways(error: Error = new DependencyError('store', 'store down')): void {
    this.failAll = error;
  }

  recover(): void {
    this.failAll = undefined;
    this.failures = [];
  }

  /** Calls wait for `released` before answering (a service that hangs). */
  holdUntil(released: Promise<unknown>): void {
    this.hold = released;
  }

  methods(): Array<RecordedCall['method']> {
    return this.calls.map((call) => call.method);
  }

  async verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification> {
    return await this.answer('verifyIdentity', [claim, actor], this.answers.verification);
  }
  async registrationStatus(account: AccountRef, actor: Actor): Promise<RegistrationStatus> {
    return await this.answer('registrationStatus', [account, actor], this.answers.status);
  }
  async resendEmailConfirmation(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.answer('resendEmailConfirmation', [account, actor], this.answers.action);
  }
  async sendSecondPasswordReset(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.answer('sendSecondPasswordReset', [account, actor], this.answers.action);
  }
  async reissueAuthKey(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.answer('reissueAuthKey', [account, actor], this.answers.action);
  }
  async unlock(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.answer('unlock', [account, actor], this.answers.action);
  }
  async setTwoFactor(account: AccountRef, enabled: boolean, actor: Actor): Promise<ActionResult> {
    return await this.answer('setTwoFactor', [account, enabled, actor], this.answers.action);
  }
  async lookup(tenant: string, loginIdOrEmail: string, actor: Actor): Promise<AccountRef | undefined> {
    return await this.answer('lookup', [tenant, loginIdOrEmail, actor], this.answers.lookup);
  }
  async staffSummary(account: AccountRef, actor: Actor): Promise<StaffSummary> {
    return await this.answer('staffSummary', [account, actor], this.answers.summary);
  }
  async ping(): Promise<void> {
    await this.answer('ping', [], undefined);
  }

  private async answer<T>(method: RecordedCall['method'], args: unknown[], value: T): Promise<T> {
    this.calls.push({ method, args });
    if (this.hold) await this.hold;
    const failure = this.failures.shift() ?? this.failAll;
    if (failure) throw failure;
    return value;
  }
}

/** The bearer token of the fake account service. */
export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** The real account-service server over a FakeAccounts, listening on 127.0.0.1 port 0; `logs` holds its log lines. */
export interface FakeAccountService {
  fake: FakeAccounts;
  server: Server;
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts the account service over a fresh FakeAccounts. */
export async function serveFakeAccounts(): Promise<FakeAccountService> {
  const fake = new FakeAccounts();
  const logs: string[] = [];
  const server = createAccountServiceServer(fake, { token: TEST_TOKEN, logger: createLogger('debug', (line) => logs.push(line)) });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    fake,
    server,
    url: `http://127.0.0.1:${server.address().port}`,
    logs,
    async stop() {
      const closed = once(server.server, 'close');
      server.close();
      server.server.closeAllConnections();
      await closed;
    },
  };
}
