import type { Accounts, AccountRef } from '../../../../services/accounts/accounts.ts';
import type { Actor, AuditEntry } from '../../../../services/audit/auditLog.ts';
import type { MailRecord } from '../../../../services/mail/mailQueue.ts';
import { builtInDemoTenant } from '../../../../services/tenants/builtInDemoTenant.ts';
import type { TenantInput } from '../../../../services/tenants/tenant.ts';

/** What a contract run needs from an adapter's test set-up. */
export interface AccountsHarness {
  accounts: Accounts;
  /** Loads a fixture in the seed format (DESIGN.md "Stable interfaces"). */
  seed(fixture: unknown): Promise<void>;
  /** Moves the service's clock forward (it starts at the real time). */
  clock: { advance(ms: number): void };
  /** Every mail the service queued, oldest first. */
  mails(): Promise<MailRecord[]>;
  /** The service's audit log, newest first. */
  audit(filter: { account?: string; staffId?: string; tenant?: string }): Promise<AuditEntry[]>;
  close?(): Promise<void>;
}

export const user: Actor = { kind: 'user', conversationId: 'conv-contract' };
export const staff: Actor = { kind: 'staff', staffId: 'agent01', role: 'agent' };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Three universities: the 2026 manual's (003), one with a short key lifetime and limit, one like 004 (no second password, no 2FA). */
export const contractTenants: TenantInput[] = [
  { ...builtInDemoTenant, authKey: { lifetimeMinutes: 10, failureLimit: 5 } },
  { ...builtInDemoTenant, id: 'short-u', authKey: { lifetimeMinutes: 3, failureLimit: 2 } },
  {
    ...builtInDemoTenant,
    id: 'plain-u',
    features: { secondPassword: false, twoFactor: false, graduates: false, studentIdAddition: false },
  },
];

const student = (loginId: string, email: string | undefined, extra: Record<string, unknown> = {}) => ({
  tenant: 'example-u',
  kind: 'student',
  loginId,
  ...(email ? { email } : {}),
  emailConfirmed: true,
  secondPasswordSet: true,
  twoFactor: true,
  authKey: 'none',
  locale: 'en',
  ...extra,
});

export const people = {
  healthy: { loginId: 's1234567', email: 'taro@example-u.ac.jp' },
  pending: { loginId: 's2000001', email: 'jiro@example.com' },
  unregistered: { loginId: 's2000002', email: '' },
  noSecond: { loginId: 's2000003', email: 'saburo@example-u.ac.jp' },
  invalidated: { loginId: 's3000001', email: 'key@example-u.ac.jp' },
  nearLimit: { loginId: 's3000002', email: 'near@example-u.ac.jp' },
  blocked: { loginId: 's4000001', email: 'blocked@example-u.ac.jp' },
  short: { loginId: 's5000001', email: 'short@short-u.ac.jp', tenant: 'short-u' },
  plain: { loginId: 's6000001', email: 'plain@plain-u.ac.jp', tenant: 'plain-u' },
} as const;

export const graduates = {
  approved: { email: 'hanako@example.com', birthDate: '1999-09-09', studentId: 'g0912345' },
  pending: { email: 'ichiro@example.com', birthDate: '1998-01-01', studentId: 'g0800001' },
} as const;

export const contractFixture = {
  tenants: contractTenants,
  accounts: [
    student(people.healthy.loginId, people.healthy.email),
    student(people.pending.loginId, people.pending.email, { emailConfirmed: false, secondPasswordSet: false, locale: 'ja' }),
    student(people.unregistered.loginId, undefined, { emailConfirmed: false, secondPasswordSet: false }),
    student(people.noSecond.loginId, people.noSecond.email, { secondPasswordSet: false }),
    student(people.invalidated.loginId, people.invalidated.email, { authKey: 'invalidated', accountFailures: 7 }),
    student(people.nearLimit.loginId, people.nearLimit.email, { accountFailures: 19 }),
    student(people.blocked.loginId, people.blocked.email, { authKey: 'invalidated', accountFailures: 20 }),
    student(people.short.loginId, people.short.email, { tenant: 'short-u' }),
    student(people.plain.loginId, people.plain.email, { tenant: 'plain-u', secondPasswordSet: false, twoFactor: false }),
    { tenant: 'example-u', kind: 'graduate', ...graduates.approved, studentIds: [graduates.approved.studentId], application: 'approved', locale: 'en' },
    { tenant: 'example-u', kind: 'graduate', ...graduates.pending, studentIds: [graduates.pending.studentId], application: 'pending' },
  ],
  staff: [{ id: 'agent01', name: 'Sato', role: 'agent', password: 'demo-Pass-1' }],
};

/** A verified student's ref, obtained through the port as the bot would. */
export async function studentRef(harness: AccountsHarness, who: { loginId: string; email: string; tenant?: string }): Promise<AccountRef> {
  const verification = await harness.accounts.verifyIdentity(
    { kind: 'student', tenant: who.tenant ?? 'example-u', loginId: who.loginId, email: who.email },
    user,
  );
  if (!verification.verified) throw new Error(`fixture student ${who.loginId} did not verify`);
  return verification.account;
}

export async function graduateRef(harness: AccountsHarness, who: { email: string; birthDate: string }): Promise<AccountRef> {
  const verification = await harness.accounts.verifyIdentity({ kind: 'graduate', tenant: 'example-u', email: who.email, birthDate: who.birthDate }, user);
  if (!verification.verified) throw new Error(`fixture graduate ${who.email} did not verify`);
  return verification.account;
}

/** The pending student verifies with the address awaiting confirmation. */
export const pendingRef = (harness: AccountsHarness): Promise<AccountRef> => studentRef(harness, people.pending);

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
