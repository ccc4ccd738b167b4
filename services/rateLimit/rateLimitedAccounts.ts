import type { AccountRef, Accounts, ActionResult, IdentityClaim, RegistrationStatus, StaffSummary, Verification } from '../accounts/accounts.ts';
import type { Actor } from '../audit/auditLog.ts';
import type { Clock, DocumentStore } from '../store/documentStore.ts';
import { defaultAccountLimits } from './accountLimits.ts';
import type { AccountLimits } from './accountLimits.ts';
import { RateLimiter } from './rateLimiter.ts';
import type { LimitAnswer, LimitRule } from './rateLimiter.ts';
import { RateLimitedError } from './rateLimitedError.ts';

export interface RateLimitedAccountsOptions {
  clock?: Clock;
  /** Replaces the default rules of the groups it names. */
  limits?: Partial<AccountLimits>;
}

/**
 * The Accounts port with the per-conversation and per-tenant limits of DESIGN.md's Conversation rules (the
 * per-account mail budget is the service's own). Only users' calls are limited: staff (issue 7) and system calls
 * pass straight through. Every attempt counts before the inner service is asked, whatever it would answer, so the
 * limits reveal nothing about which accounts exist. Over a limit, actions answer `budget_exhausted` with the next
 * allowed time without calling the service, and `verifyIdentity` throws RateLimitedError.
 */
export class RateLimitedAccounts implements Accounts {
  private readonly limiter: RateLimiter;
  private readonly limits: AccountLimits;

  constructor(
    private readonly inner: Accounts,
    store: DocumentStore,
    options: RateLimitedAccountsOptions = {},
  ) {
    this.limiter = new RateLimiter(store, { clock: options.clock });
    this.limits = { ...defaultAccountLimits, ...options.limits };
  }

  async verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification> {
    const answer = await this.take(actor, claim.tenant, this.limits.verifyPerConversation, this.limits.verifyPerTenant);
    if (!answer.ok) throw new RateLimitedError(answer.retryAt);
    return await this.inner.verifyIdentity(claim, actor);
  }

  async registrationStatus(account: AccountRef, actor: Actor): Promise<RegistrationStatus> {
    return await this.inner.registrationStatus(account, actor);
  }

  async resendEmailConfirmation(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act(account, actor, () => this.inner.resendEmailConfirmation(account, actor));
  }

  async sendSecondPasswordReset(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act(account, actor, () => this.inner.sendSecondPasswordReset(account, actor));
  }

  async reissueAuthKey(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act(account, actor, () => this.inner.reissueAuthKey(account, actor));
  }

  async unlock(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.act(account, actor, () => this.inner.unlock(account, actor));
  }

  async setTwoFactor(account: AccountRef, enabled: boolean, actor: Actor): Promise<ActionResult> {
    return await this.act(account, actor, () => this.inner.setTwoFactor(account, enabled, actor));
  }

  async lookup(tenant: string, loginIdOrEmail: string, actor: Actor): Promise<AccountRef | undefined> {
    return await this.inner.lookup(tenant, loginIdOrEmail, actor);
  }

  async staffSummary(account: AccountRef, actor: Actor): Promise<StaffSummary> {
    return await this.inner.staffSummary(account, actor);
  }

  async ping(): Promise<void> {
    await this.inner.ping();
  }

  private async act(account: AccountRef, actor: Actor, call: () => Promise<ActionResult>): Promise<ActionResult> {
    const answer = await this.take(actor, account.tenant, this.limits.actionsPerConversation, this.limits.actionsPerTenant);
    if (!answer.ok) return { ok: false, reason: 'budget_exhausted', retryAt: answer.retryAt.toISOString() };
    return await call();
  }

  /** The conversation's limits first: a conversation already over its own limit does not use up the tenant's. */
  private async take(actor: Actor, tenant: string, perConversation: LimitRule[], perTenant: LimitRule[]): Promise<LimitAnswer> {
    if (actor.kind !== 'user') return { ok: true };
    const conversation = await this.limiter.takeAll(perConversation, actor.conversationId);
    if (!conversation.ok) return conversation;
    return await this.limiter.takeAll(perTenant, tenant);
  }
}
