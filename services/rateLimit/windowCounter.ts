/** One counter document of the `rateLimits` collection (fixed windows use `n`, sliding windows `hits` and `version`). */
export interface CounterDoc {
  _id: string;
  /** Fixed window: attempts counted in the window this document stands for. */
  n?: number;
  /** Sliding window: when each counted attempt was made, oldest first, only those still inside the window. */
  hits?: Date[];
  /** Sliding window: compare-and-set version, so racing attempts cannot both take the last unit. */
  version?: number;
  /** The TTL: the store drops the counter once nothing in it can count any more. */
  expiresAt: Date;
}

/**
 * How often a take re-reads after losing a race before giving up. A fixed window loses only to the insert of its
 * own first attempt; a sliding window loses only when another attempt was counted, so `limit` losses end in a refusal.
 */
export const EXTRA_ATTEMPTS = 8;
