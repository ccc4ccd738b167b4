/**
 * Where bot state records live (BotStateStorage decides what a record holds and when it expires): in the document
 * store's `botState` collection (documentStateRecords.ts, for MongoDB: every instance shares them) or in one small
 * file per key (fileStateRecords.ts, for the embedded store, which would otherwise hold every state in memory).
 */

/** One key's state: the state as JSON, its eTag, and when it is forgotten unless written again. */
export interface StateRecord {
  key: string;
  state: string;
  eTag: string;
  updatedAt: Date;
  /** Absent: kept until deleted. */
  expiresAt?: Date;
}

export interface StateRecords {
  /** Creates what the records need (a collection and its TTL index, a folder) before the first turn. */
  open(): Promise<void>;
  /** The records of `keys` that exist and have not expired. */
  read(keys: readonly string[]): Promise<StateRecord[]>;
  /**
   * Writes `record` over whatever is stored when `expectedETag` is undefined. Otherwise compare-and-set: writes
   * when the stored eTag is `expectedETag` or nothing is stored, and resolves false (writing nothing) when
   * another eTag is stored. Of writers racing with the same expected eTag, exactly one succeeds.
   */
  write(record: StateRecord, expectedETag?: string): Promise<boolean>;
  delete(keys: readonly string[]): Promise<void>;
  /** Waits for background work (a sweep); the records may be used again afterwards. */
  close(): Promise<void>;
}
