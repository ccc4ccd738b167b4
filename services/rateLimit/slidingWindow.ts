import { DuplicateKeyError } from '../errors.ts';
import type { Clock, Collection } from '../store/documentStore.ts';
import type { LimitAnswer, LimitRule } from './rateLimiter.ts';
import { EXTRA_ATTEMPTS } from './windowCounter.ts';
import type { CounterDoc } from './windowCounter.ts';

/**
 * A sliding window: one document per key holding the times of the attempts still inside the window, replaced by
 * compare-and-set on `version`. A lost race means another attempt was counted, so after at most `limit` losses
 * (plus a few for attempts leaving the window meanwhile) the answer is a refusal.
 */
export async function takeSliding(
  counters: Collection<CounterDoc>,
  id: string,
  rule: LimitRule,
  clock: Clock,
): Promise<LimitAnswer | 'contended'> {
  for (let attempt = 0; attempt < rule.limit + EXTRA_ATTEMPTS; attempt++) {
    const now = clock();
    const doc = await counters.findOne({ _id: id });
    const since = now.getTime() - rule.windowMs;
    const hits = (doc?.hits ?? []).filter((at) => at.getTime() > since);
    if (hits.length >= rule.limit) {
      // The next attempt is allowed once enough of the oldest ones have left the window.
      const gate = hits[hits.length - rule.limit]!;
      return { ok: false, retryAt: new Date(gate.getTime() + rule.windowMs) };
    }
    const next = { hits: [...hits, now], expiresAt: new Date(now.getTime() + rule.windowMs) };
    if (doc) {
      const version = doc.version ?? 0;
      const swapped = await counters.updateOne({ _id: id, version }, { $set: { ...next, version: version + 1 } });
      if (swapped.matched === 1) return { ok: true };
    } else {
      try {
        await counters.insertOne({ _id: id, ...next, version: 1 });
        return { ok: true };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  }
  return 'contended';
}
