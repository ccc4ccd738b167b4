import { createHash } from 'node:crypto';
import { DependencyError } from '../errors.ts';
import { systemClock } from '../store/documentStore.ts';
import type { Clock, Collection, DocumentStore } from '../store/documentStore.ts';
import { takeFixed } from './fixedWindow.ts';
import { takeSliding } from './slidingWindow.ts';
import type { CounterDoc } from './windowCounter.ts';

/**
 * One limit: at most `limit` attempts per `windowMs`.
 * - `fixed`: windows aligned to the epoch (a minute, an hour); one atomic conditional `$inc` per attempt, so it
 *   suits high-volume keys such as a tenant. An attempt is refused until the window ends.
 * - `sliding`: the last `windowMs` before each attempt; keeps one timestamp per attempt, so it suits small limits
 *   such as a conversation's. An attempt is refused until the oldest counted one leaves the window.
 */
export interface LimitRule {
  /** Names the counter (with the key): two rules with the same name share their counts. */
  name: string;
  limit: number;
  windowMs: number;
  window: 'fixed' | 'sliding';
}

export type LimitAnswer = { ok: true } | { ok: false; retryAt: Date };

export interface RateLimiterOptions {
  clock?: Clock;
  /** Default `rateLimits`. */
  collection?: string;
}

/**
 * Rate-limit counters in the document store, so every bot instance sharing the store shares the counts; nothing is
 * kept in memory between calls. Each `take` is atomic: racing attempts never let more than `limit` through.
 * Counters carry an `expiresAt` (TTL), so the store drops them once their window is over.
 */
export class RateLimiter {
  private counters: Promise<Collection<CounterDoc>> | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly store: DocumentStore,
    private readonly options: RateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Counts one attempt under `rule` for `key` when the rule allows it; otherwise says when the next one will be. */
  async take(rule: LimitRule, key: string): Promise<LimitAnswer> {
    if (!Number.isInteger(rule.limit) || rule.limit < 1 || !(rule.windowMs > 0)) {
      throw new RangeError(`rate limit ${rule.name}: limit must be a positive integer and windowMs positive`);
    }
    const counters = await this.collection();
    const id = `${rule.name}:${hashKey(key)}`;
    const answer = rule.window === 'fixed' ? await takeFixed(counters, id, rule, this.clock) : await takeSliding(counters, id, rule, this.clock);
    if (answer === 'contended') throw new DependencyError('store', `rate limit ${rule.name}: too much contention on one counter`);
    return answer;
  }

  /** Takes each rule in turn and stops at the first refusal (later rules are not counted for a refused attempt). */
  async takeAll(rules: readonly LimitRule[], key: string): Promise<LimitAnswer> {
    for (const rule of rules) {
      const answer = await this.take(rule, key);
      if (!answer.ok) return answer;
    }
    return { ok: true };
  }

  private async collection(): Promise<Collection<CounterDoc>> {
    this.counters ??= this.store.collection<CounterDoc>(this.options.collection ?? 'rateLimits', { ttlField: 'expiresAt' });
    try {
      return await this.counters;
    } catch (error) {
      this.counters = undefined;
      throw error;
    }
  }
}

/**
 * Keys are conversation ids and tenant ids of any length and alphabet (Teams ids run past 100 characters):
 * a digest gives every counter a short, fixed-size `_id`.
 */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}
