import type { AccountRef, Accounts, ActionResult, IdentityClaim, RegistrationStatus, StaffSummary, Verification } from './accounts.ts';
import type { Actor, AuditEntry, AuditLog } from '../audit/auditLog.ts';
import type { DocumentStore } from '../store/documentStore.ts';
import { graduateKey, studentKey } from './reference/accountRecords.ts';
import type { AccountRecord } from './reference/accountRecords.ts';
import { ForbiddenError, UnknownAccountError } from './accounts.ts';
import { registrationStatus, staffSummary } from './reference/accountStatus.ts';
import type { ActionPlan } from './reference/actionPlan.ts';
import { checkClaim } from './reference/identityCheck.ts';
import { planEmailConfirmation, planKeyReissue, planPasswordReset } from './reference/mailActions.ts';
import { normalizeEmail, normalizeId } from './reference/normalize.ts';
import { openReference } from './reference/referenceParts.ts';
import type { ReferenceDeps, ReferenceParts } from './reference/referenceParts.ts';
import { planTwoFactor, planUnlock } from './reference/staffActions.ts';

export interface InProcessAccountsDeps extends ReferenceDeps {
  audit: AuditLog;
}

type Method = Exclude<keyof Accounts, 'ping'>;

/**
 * The reference account service, in-process: the Accounts port over the document store, enforcing
 * the manuals' rules (see services/accounts/reference/). Every call is audited as `accounts.<method>`
 * before it takes effect; an action whose audit entry cannot be written does not run.
 *
 * Staff-only: `unlock` and `setTwoFactor` answer `forbidden` to anyone but staff; the reads `lookup`
 * and `staffSummary` throw ForbiddenError (they have no result shape for a refusal).
 */
export class InProcessAccounts implements Accounts {
  private constructor(
    private readonly parts: ReferenceParts,
    private readonly audit: AuditLog,
    private readonly store: DocumentStore,
  ) {}

  static async create(deps: InProcessAccountsDeps): Promise<InProcessAccounts> {
    return new InProcessAccounts(await openReference(deps), deps.audit, deps.store);
  }

  async verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification> {
    const tenant = typeof claim.tenant === 'string' ? await this.parts.tenants.find(claim.tenant) : undefined;
    // The same lookup and comparisons run for unknown accounts and unknown tenants (no enumeration by timing).
    const check = await checkClaim(this.parts.records, claim, tenant?.features.graduates ?? false);
    const record = check.matched && tenant ? check.record : undefined;
    const outcome = record ? ({ result: 'ok' } as const) : ({ result: 'refused', detail: 'no_match' } as const);
    await this.log(actor, 'verifyIdentity', check.record, outcome, tenant?.id);
    return record ? { verified: true, account: { tenant: record.tenant, id: record._id }, kind: record.kind } : { verified: false };
  }

  async registrationStatus(account: AccountRef, actor: Actor): Promise<RegistrationStatus> {
    const record = await this.known('registrationStatus', account, actor);
    const status = await registrationStatus(this.parts, record);
    await this.log(actor, 'registrationStatus', record, { result: 'ok' });
    return status;
  }

  async resendEmailConfirmation(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act('resendEmailConfirmation', account, actor, (record) => planEmailConfirmation(this.parts, record, actor));
  }

  async sendSecondPasswordReset(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act('sendSecondPasswordReset', account, actor, (record) => planPasswordReset(this.parts, record, actor));
  }

  async reissueAuthKey(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act('reissueAuthKey', account, actor, (record) => planKeyReissue(this.parts, record, actor));
  }

  async unlock(account: AccountRef, actor: Actor): Promise<ActionResult> {
    if (actor.kind !== 'staff') return await this.forbid('unlock', account, actor);
    return await this.act('unlock', account, actor, async (record) => planUnlock(this.parts, record, actor));
  }

  async setTwoFactor(account: AccountRef, enabled: boolean, actor: Actor): Promise<ActionResult> {
    if (actor.kind !== 'staff') return await this.forbid('setTwoFactor', account, actor);
    return await this.act('setTwoFactor', account, actor, (record) => planTwoFactor(this.parts, record, enabled, actor));
  }

  async lookup(tenant: string, loginIdOrEmail: string, actor: Actor): Promise<AccountRef | undefined> {
    if (actor.kind !== 'staff') {
      await this.log(actor, 'lookup', undefined, { result: 'denied', detail: 'forbidden' }, tenant);
      throw new ForbiddenError('accounts.lookup is for staff only');
    }
    const value = normalizeId(loginIdOrEmail);
    const email = normalizeEmail(value);
    const { records } = this.parts;
    const record = value.includes('@')
      ? ((await records.byKey(graduateKey(tenant, email))) ?? (await records.byEmail(tenant, email)))
      : await records.byKey(studentKey(tenant, value));
    await this.log(actor, 'lookup', record, { result: 'ok', detail: record ? 'found' : 'not_found' }, tenant);
    return record ? { tenant: record.tenant, id: record._id } : undefined;
  }

  async staffSummary(account: AccountRef, actor: Actor): Promise<StaffSummary> {
    if (actor.kind !== 'staff') {
      await this.log(actor, 'staffSummary', undefined, { result: 'denied', detail: 'forbidden' }, account.tenant, account.id);
      throw new ForbiddenError('accounts.staffSummary is for staff only');
    }
    const record = await this.known('staffSummary', account, actor);
    const summary = await staffSummary(this.parts, record);
    await this.log(actor, 'staffSummary', record, { result: 'ok' });
    return summary;
  }

  async ping(): Promise<void> {
    await this.store.ping();
  }

  /** Audit first, then run: a failure after the entry is written is recorded as such, then rethrown. */
  private async act(
    method: Method,
    account: AccountRef,
    actor: Actor,
    plan: (record: AccountRecord) => Promise<ActionPlan>,
  ): Promise<ActionResult> {
    const record = await this.parts.records.get(account);
    if (!record) {
      await this.log(actor, method, undefined, { result: 'refused', detail: 'unknown_account' }, account.tenant, account.id);
      return { ok: false, reason: 'not_applicable' };
    }
    const planned = await plan(record);
    if ('refuse' in planned) {
      await this.log(actor, method, record, { result: 'refused', detail: planned.refuse.reason });
      return planned.refuse;
    }
    await this.log(actor, method, record, { result: 'ok', detail: planned.detail });
    try {
      const result = await planned.run();
      if (!result.ok) await this.log(actor, method, record, { result: 'refused', detail: result.reason });
      return result;
    } catch (error) {
      await this.log(actor, method, record, { result: 'failed', detail: 'error' }).catch(() => undefined);
      throw error;
    }
  }

  private async forbid(method: Method, account: AccountRef, actor: Actor): Promise<ActionResult> {
    await this.log(actor, method, undefined, { result: 'denied', detail: 'forbidden' }, account.tenant, account.id);
    return { ok: false, reason: 'forbidden' };
  }

  private async known(method: Method, account: AccountRef, actor: Actor): Promise<AccountRecord> {
    const record = await this.parts.records.get(account);
    if (record) return record;
    await this.log(actor, method, undefined, { result: 'refused', detail: 'unknown_account' }, account.tenant, account.id);
    throw new UnknownAccountError(`accounts.${method}: no such account`);
  }

  private async log(
    actor: Actor,
    method: Method,
    record: AccountRecord | undefined,
    outcome: Pick<AuditEntry, 'result' | 'detail'>,
    tenant = record?.tenant,
    account = record?._id,
  ): Promise<void> {
    await this.audit.append({
      at: this.parts.clock(),
      actor,
      action: `accounts.${method}`,
      ...(tenant === undefined ? {} : { tenant }),
      ...(account === undefined ? {} : { account }),
      result: outcome.result,
      ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    });
  }
}
