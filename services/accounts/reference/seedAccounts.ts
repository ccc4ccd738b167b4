import { z } from 'zod';
import type { Clock, DocumentStore } from '../../store/documentStore.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import type { Tenants } from '../../tenants/tenants.ts';
import { AccountRecords, graduateKey, studentKey } from './accountRecords.ts';
import type { AccountRecord } from './accountRecords.ts';
import { AuthKeys } from './authKeys.ts';
import { OneTimeLinks } from './oneTimeLinks.ts';
import { PortalSessions } from './portalSessions.ts';
import { normalizeBirthDate, normalizeEmail, normalizeId } from './normalize.ts';
import { dummySecretHash, hashSecret, randomToken } from './secretHash.ts';
import { SendBudget } from './sendBudget.ts';

const common = {
  /** Optional: by default an account keeps the id it was first seeded with (found by tenant + login ID or email). */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only (it is part of mail ids)').optional(),
  tenant: z.string().min(1),
  locale: z.enum(['ja', 'en']).optional(),
  /** Demo only, stored hashed; without it a set second password is one nobody knows (reset it by mail). */
  secondPassword: z.string().min(1).optional(),
  secondPasswordSet: z.boolean().default(false),
  accountFailures: z.number().int().min(0).default(0),
};

const StudentFixture = z.object({
  ...common,
  kind: z.literal('student'),
  loginId: z.string().min(1).max(256),
  email: z.email().optional(),
  emailConfirmed: z.boolean().default(false),
  twoFactor: z.boolean().default(false),
  authKey: z.enum(['none', 'active', 'expired', 'invalidated']).default('none'),
  universityPassword: z.string().min(1).optional(),
});

const GraduateFixture = z.object({
  ...common,
  kind: z.literal('graduate'),
  email: z.email(),
  birthDate: z.string().refine((value) => normalizeBirthDate(value) !== undefined, 'must be a date YYYY-MM-DD'),
  application: z.enum(['pending', 'approved', 'rejected', 'resubmit']).default('pending'),
  studentIds: z.array(z.string().min(1)).default([]),
  /** The initial password of the approval mail (002 §2.1 step 17), or the current one. Demo only, stored hashed. */
  password: z.string().min(1).optional(),
});

/** The `accounts` section of the seed fixture (DESIGN.md "Stable interfaces"); other sections are ignored here. */
export const AccountsFixture = z.object({ accounts: z.array(z.discriminatedUnion('kind', [StudentFixture, GraduateFixture])).default([]) });
export type AccountFixture = z.infer<typeof AccountsFixture>['accounts'][number];

const defaultKeySettings: Tenant['authKey'] = { lifetimeMinutes: 10, failureLimit: 5 };

/**
 * Upserts the fixture's accounts by a stable id: running it again replaces the same accounts, and
 * each one's links, key, sessions and send budget start afresh. Returns the ids in fixture order.
 */
export async function seedAccounts(
  store: DocumentStore,
  fixture: unknown,
  options: { clock: Clock; tenants?: Tenants },
): Promise<string[]> {
  const parsed = AccountsFixture.safeParse(fixture);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`seed fixture is invalid\n  ${problems.join('\n  ')}`);
  }
  const records = await AccountRecords.open(store);
  const links = await OneTimeLinks.open(store, options.clock);
  const keys = await AuthKeys.open(store, options.clock);
  const sessions = await PortalSessions.open(store, options.clock);
  const budget = await SendBudget.open(store, options.clock);
  const tenantOf = async (id: string) => await options.tenants?.find(id);
  // Hashing (scrypt) runs in parallel on libuv's thread pool; the writes then go one by one, in fixture order.
  const prepared = await Promise.all(
    parsed.data.accounts.map(async (account) => {
      const tenant = await tenantOf(account.tenant);
      return { account, tenant, record: await toRecord(account, tenant?.defaultLocale ?? 'ja', (key) => records.byKey(key)) };
    }),
  );
  const ids: string[] = [];
  for (const { account, tenant, record } of prepared) {
    await records.replace(record);
    await links.voidAll(record._id);
    await sessions.endAll(record._id);
    await budget.clear(record._id);
    await keys.void(record._id);
    if (account.kind === 'student' && account.authKey !== 'none') {
      await keys.plant(record._id, tenant?.authKey ?? defaultKeySettings, account.authKey);
    }
    ids.push(record._id);
  }
  return ids;
}

async function toRecord(
  account: AccountFixture,
  fallbackLocale: 'ja' | 'en',
  existing: (lookupKey: string) => Promise<AccountRecord | undefined>,
): Promise<AccountRecord> {
  // Stable across runs (the account already seeded keeps its id) yet not derivable from a login ID:
  // an AccountRef must come from a verification, never be computed by whoever knows the ID.
  const idFor = async (lookupKey: string): Promise<string> =>
    account.id ?? (await existing(lookupKey))?._id ?? `acc_${randomToken().slice(0, 22)}`;
  const base = {
    tenant: account.tenant,
    locale: account.locale ?? fallbackLocale,
    accountFailures: account.accountFailures,
    // Set but not given: the dummy hash, which no input matches (the owner resets it by mail).
    ...(account.secondPassword ? { secondPasswordHash: await hashSecret(account.secondPassword) } : {}),
    ...(account.secondPasswordSet && !account.secondPassword ? { secondPasswordHash: dummySecretHash } : {}),
  };
  if (account.kind === 'student') {
    const loginId = normalizeId(account.loginId);
    const lookupKey = studentKey(account.tenant, loginId);
    const email = account.email === undefined ? undefined : normalizeEmail(account.email);
    return {
      _id: await idFor(lookupKey),
      kind: 'student',
      lookupKey,
      loginId,
      ...base,
      ...(email === undefined ? {} : account.emailConfirmed ? { email } : { pendingEmail: email }),
      twoFactor: account.twoFactor,
      ...(account.universityPassword ? { universityPasswordHash: await hashSecret(account.universityPassword) } : {}),
    };
  }
  const email = normalizeEmail(account.email);
  const lookupKey = graduateKey(account.tenant, email);
  return {
    _id: await idFor(lookupKey),
    kind: 'graduate',
    lookupKey,
    email,
    ...base,
    birthDate: normalizeBirthDate(account.birthDate)!,
    studentIds: account.studentIds.map(normalizeId),
    application: account.application,
    ...(account.password ? { passwordHash: await hashSecret(account.password) } : {}),
    initialPassword: !base.secondPasswordHash,
  };
}
