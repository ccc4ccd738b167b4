import type { LimitRule } from './rateLimiter.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The limits RateLimitedAccounts applies to users' calls; staff and system calls are not limited here. */
export interface AccountLimits {
  /** Identity checks (`verifyIdentity`) per conversation; also what stops guessing login IDs and addresses. */
  verifyPerConversation: LimitRule[];
  /** Identity checks per tenant: an abuse ceiling over every conversation of one university. */
  verifyPerTenant: LimitRule[];
  /** Mail-sending and state-changing actions per conversation (on top of the service's 5 mails per account per 24 h). */
  actionsPerConversation: LimitRule[];
  /** The same actions per tenant: an abuse ceiling. */
  actionsPerTenant: LimitRule[];
}

/**
 * Defaults.
 *
 * Per conversation (sliding windows): a person who mistypes checks again two or three times and needs at most a
 * reset mail, a key and a confirmation mail, so 5 identity checks and 5 actions per hour leave room for real use
 * while a script in one conversation gets 5 guesses an hour.
 *
 * Per tenant (fixed one-minute windows): semester start brings thousands of students a day to one university, a
 * few hundred in a busy hour, and a class told to do it "now" puts a hundred or two in one minute. The load the
 * bot is sized for (npm run bench: 1,000 conversations at once, 3–8 s between messages) makes about 9 identity
 * checks and 9 mails a second, some 550 a minute. The ceilings sit about five times above even that, so they
 * bite only a flood from many conversations at once, and one-minute windows bound how long a flood locks
 * everyone of the tenant out.
 */
export const defaultAccountLimits: AccountLimits = {
  verifyPerConversation: [{ name: 'verify.conversation.1h', limit: 5, windowMs: HOUR, window: 'sliding' }],
  verifyPerTenant: [{ name: 'verify.tenant.1m', limit: 3_000, windowMs: MINUTE, window: 'fixed' }],
  actionsPerConversation: [{ name: 'action.conversation.1h', limit: 5, windowMs: HOUR, window: 'sliding' }],
  actionsPerTenant: [{ name: 'action.tenant.1m', limit: 3_000, windowMs: MINUTE, window: 'fixed' }],
};
