/**
 * Which activities a bot already ran or is running (issue 8: a channel's retry must not run a turn twice). The
 * marks live in the document store (documentDeliveryMarks.ts, for MongoDB: every instance sees every other's) or,
 * in the embedded mode, in memory while a turn runs and in one small file per conversation once it ran
 * (fileDeliveryMarks.ts), so neither the embedded store nor memory grows with conversations (issue 9).
 */

/** Channels retry within minutes; a day covers every retry policy with room to spare. */
export const DELIVERY_REMEMBERED_MS = 24 * 60 * 60_000;

export interface DeliveryMarks {
  /** Creates what the marks need (a collection and its TTL index, a folder) before the first turn. */
  open(): Promise<void>;
  /**
   * Takes the delivery `key` of `conversation` (channel and conversation id) for this turn; false when it ran
   * already, or runs now and was not abandoned. Of concurrent claims of one key, at most one succeeds.
   */
  claim(conversation: string, key: string): Promise<boolean>;
  /** The claimed turn ran to its end: a retry of it never runs. */
  done(conversation: string, key: string): Promise<void>;
  /** The claimed turn threw (the turn error handler has answered): what a retry of it may do is the backend's. */
  failed(conversation: string, key: string): Promise<void>;
  /** Waits for background work (a sweep); the marks may be used again afterwards. */
  close(): Promise<void>;
}
