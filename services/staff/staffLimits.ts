import type { AccountRef } from '../accounts/accounts.ts';
import type { LimitRule, RateLimiter } from '../rateLimit/rateLimiter.ts';
import { changesAccount } from './staffActions.ts';
import type { StaffAction, StaffRole } from './staffActions.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The limits on staff actions (issue 7 item 3), on top of the account service's own send budget. */
export interface StaffLimits {
  /**
   * Changes to one account (mails, unlock) by agents, counted over all agents: past this, a supervisor must act.
   * Supervisors are not counted here: they are the "without a supervisor" of the rule.
   */
  perAccount: LimitRule[];
  /** Changes by one staff member, whatever the account: a stolen console session cannot mail a whole university. */
  perMember: LimitRule[];
  /** Status reads by one staff member: looking through many accounts is not the job. */
  readsPerMember: LimitRule[];
}

/**
 * Defaults. A user who calls twice about the same problem needs a mail, perhaps a second one and an unlock: three
 * agent-triggered changes of one account in 24 h; a fourth means something is wrong (or someone is being talked
 * into it) and a supervisor looks. An agent handles some tens of conversations a day; 20 changes an hour and 100
 * a day leave room for that and stop a script. 60 status reads an hour is one a minute.
 */
export const defaultStaffLimits: StaffLimits = {
  perAccount: [{ name: 'staff.account.24h', limit: 3, windowMs: DAY, window: 'sliding' }],
  perMember: [
    { name: 'staff.member.1h', limit: 20, windowMs: HOUR, window: 'sliding' },
    { name: 'staff.member.24h', limit: 100, windowMs: DAY, window: 'sliding' },
  ],
  readsPerMember: [{ name: 'staff.reads.1h', limit: 60, windowMs: HOUR, window: 'sliding' }],
};

export type LimitScope = 'account' | 'member' | 'reads';

/** Allowed (and counted), or refused with the rule that refused and when the next attempt may be. */
export type LimitVerdict = { ok: true } | { ok: false; scope: LimitScope; rule: LimitRule; retryAt: Date };

/** Staff limits over the shared rate-limit counters (services/rateLimit/), so every instance counts the same. */
export class StaffLimiter {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly limits: StaffLimits = defaultStaffLimits,
  ) {}

  /** Counts one `action` by `member` on `account` when every applicable rule allows it. */
  async take(member: { staffId: string; role: StaffRole }, action: StaffAction, account: AccountRef): Promise<LimitVerdict> {
    const checks: Array<[LimitScope, LimitRule[], string]> = changesAccount(action)
      ? [
          ...(member.role === 'agent' ? [['account', this.limits.perAccount, `${account.tenant}/${account.id}`] as [LimitScope, LimitRule[], string]] : []),
          ['member', this.limits.perMember, member.staffId],
        ]
      : [['reads', this.limits.readsPerMember, member.staffId]];
    for (const [scope, rules, key] of checks) {
      for (const rule of rules) {
        const answer = await this.limiter.take(rule, key);
        if (!answer.ok) return { ok: false, scope, rule, retryAt: answer.retryAt };
      }
    }
    return { ok: true };
  }
}
