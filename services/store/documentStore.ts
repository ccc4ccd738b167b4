/**
 * The document-store port: a small MongoDB-shaped subset that both adapters (MongoDB and the
 * embedded file store) run identically. Filters and updates use MongoDB's query language; only the
 * operators listed here are part of the contract (test/services/store/documentStore.contract.ts).
 */

/** Every stored document has a string `_id`. */
export interface Doc {
  _id: string;
}

/** Equality, `$eq $ne $gt $gte $lt $lte $in $nin $exists`, dotted paths, `$and $or`. */
export type Filter = Record<string, unknown>;

/** `$set $unset $inc $push $setOnInsert`. */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true | 1 | ''>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
  $setOnInsert?: Record<string, unknown>;
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
}

export interface UpdateResult {
  /** Documents the filter matched (0 or 1). Compare-and-set callers test this. */
  matched: number;
  /** True when no document matched and `upsert` inserted one. */
  upserted: boolean;
}

export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionOptions {
  /** Unique and plain indexes, declared at every start (the embedded store does not persist them). */
  indexes?: IndexSpec[];
  /**
   * A Date field after which a document no longer exists. Reads never return expired documents
   * (decided by the store's clock, so tests can move time); a TTL index removes them physically.
   */
  ttlField?: string;
}

export interface Collection<T extends Doc> {
  /** Throws DuplicateKeyError when `_id` or a unique index is taken. */
  insertOne(doc: T): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Updates at most one document. With `upsert`, inserts from the filter's equalities plus the update. */
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  deleteMany(filter: Filter): Promise<number>;
  count(filter: Filter): Promise<number>;
}

export interface DocumentStore {
  /** Opens (and on first use, indexes) a collection. Cheap to call repeatedly with the same name. */
  collection<T extends Doc>(name: string, options?: CollectionOptions): Promise<Collection<T>>;
  /** Resolves when the backend answers; throws DependencyError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The store's notion of now; injected so TTL and timers can be tested without sleeping. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
