import { DuplicateKeyError } from '../errors.ts';
import type { Clock, Collection } from '../store/documentStore.ts';
import type { LimitAnswer, LimitRule } from './rateLimiter.ts';
import { EXTRA_ATTEMPTS } from './windowCounter.ts';
import type { CounterDoc } from './windowCounter.ts';

/**
 * A fixed window: one document per key and window, counted by a conditional `$inc` (`n < limit`) that the store
 * applies atomically, so parallel attempts on any number of processes let exactly `limit` through.
 */
export async function takeFixed(
  counters: Collection<CounterDoc>,
  id: string,
  rule: LimitRule,
  clock: Clock,
): Promise<LimitAnswer | 'contended'> {
  const now = clock().getTime();
  const start = now - (now % rule.windowMs);
  const windowId = `${id}:${start}`;
  const end = new Date(start + rule.windowMs);
  for (let attempt = 0; attempt < EXTRA_ATTEMPTS; attempt++) {
    const counted = await counters.updateOne({ _id: windowId, n: { $lt: rule.limit } }, { $inc: { n: 1 } });
    if (counted.matched === 1) return { ok: true };
    const current = await counters.findOne({ _id: windowId });
    if (current && (current.n ?? 0) >= rule.limit) return { ok: false, retryAt: end };
    // Opened by another attempt since the update: count against its document.
    if (current) continue;
    try {
      await counters.insertOne({ _id: windowId, n: 1, expiresAt: end });
      return { ok: true };
    } catch (error) {
      // Another attempt opened the window first: count against its document.
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  }
  return 'contended';
}
