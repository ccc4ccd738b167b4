import type { MailQueue } from '../../mail/mailQueue.ts';
import type { Clock, DocumentStore } from '../../store/documentStore.ts';
import type { Tenant } from '../../tenants/tenant.ts';
import type { Tenants } from '../../tenants/tenants.ts';
import { AccountMail } from './accountMail.ts';
import { AccountRecords } from './accountRecords.ts';
import type { AccountRecord } from './accountRecords.ts';
import { AuthKeys } from './authKeys.ts';
import { OneTimeLinks } from './oneTimeLinks.ts';
import { PortalSessions } from './portalSessions.ts';
import { SendBudget, defaultBudget } from './sendBudget.ts';
import type { BudgetSettings } from './sendBudget.ts';

/** Limits that are the service's, not a tenant's. */
export interface ReferenceLimits {
  /**
   * Consecutive failed authentications (second password or key, across reissues) after which
   * self-service stops and a person must unlock (issue 3; NIST SP 800-63B rate limiting allows at most 100).
   */
  accountFailureLimit: number;
  sendBudget: BudgetSettings;
}

export const defaultLimits: ReferenceLimits = { accountFailureLimit: 20, sendBudget: defaultBudget };

/** What the reference service is built from; `InProcessAccounts` and `ReferencePortal` take the same. */
export interface ReferenceDeps {
  store: DocumentStore;
  mail: MailQueue;
  tenants: Tenants;
  clock: Clock;
  /** Base of the one-time URLs in mails (PUBLIC_URL), or a function when it is known only after listening. */
  publicUrl: string | (() => string);
  limits?: Partial<ReferenceLimits>;
}

/** The reference service's units over one store, opened once and shared by the port and the portal. */
export interface ReferenceParts {
  records: AccountRecords;
  links: OneTimeLinks;
  keys: AuthKeys;
  budget: SendBudget;
  sessions: PortalSessions;
  mail: AccountMail;
  /** The outbox itself, for delivery states in summaries. */
  queue: MailQueue;
  tenants: Tenants;
  clock: Clock;
  limits: ReferenceLimits;
}

export async function openReference(deps: ReferenceDeps): Promise<ReferenceParts> {
  const limits = { ...defaultLimits, ...deps.limits };
  return {
    records: await AccountRecords.open(deps.store),
    links: await OneTimeLinks.open(deps.store, deps.clock),
    keys: await AuthKeys.open(deps.store, deps.clock),
    budget: await SendBudget.open(deps.store, deps.clock, limits.sendBudget),
    sessions: await PortalSessions.open(deps.store, deps.clock),
    mail: new AccountMail(deps.mail, deps.tenants, deps.publicUrl, deps.clock),
    queue: deps.mail,
    tenants: deps.tenants,
    clock: deps.clock,
    limits,
  };
}

/** The account's tenant; a record of a tenant no longer configured falls back to the default one. */
export async function tenantOf(parts: Pick<ReferenceParts, 'tenants'>, record: Pick<AccountRecord, 'tenant'>): Promise<Tenant> {
  return (await parts.tenants.find(record.tenant)) ?? (await parts.tenants.defaultTenant());
}

/** Past the account limit, self-service answers `account_locked` until staff unlock it. */
export const isBlocked = (parts: Pick<ReferenceParts, 'limits'>, record: AccountRecord): boolean =>
  record.accountFailures >= parts.limits.accountFailureLimit;
