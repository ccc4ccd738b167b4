import {
  MongoClient,
  MongoClientClosedError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import type { Collection as MongoCollection, Db, Document } from 'mongodb';

/** What the driver is told about a stored document: a string `_id` (never an ObjectId), anything else. */
interface StoredDoc extends Document {
  _id: string;
}
import { DependencyError, DuplicateKeyError } from '../errors.ts';
import { systemClock } from './documentStore.ts';
import type {
  Clock,
  Collection,
  CollectionOptions,
  Doc,
  DocumentStore,
  Filter,
  FindOptions,
  Update,
  UpdateResult,
} from './documentStore.ts';
import { expiredFilter, liveFilter, upsertSeed } from './storeFilters.ts';

export interface MongoConnectOptions {
  /** How long an operation waits for a reachable server before failing; short, so /readyz fails fast. */
  serverSelectionTimeoutMS?: number;
}

/**
 * The production store: MongoDB (replica set, Atlas, or Cosmos DB for MongoDB) through the official driver.
 * Shared by every bot instance; expiry is decided on read with the injected clock, and a TTL index
 * removes expired documents physically (MongoDB's TTL monitor runs about once a minute).
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Promise<MongoBackedCollection>>();
  private readonly state = { closed: false };

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  static async connect(
    uri: string,
    dbName: string,
    clock: Clock = systemClock,
    { serverSelectionTimeoutMS = 5000 }: MongoConnectOptions = {},
  ): Promise<MongoDocumentStore> {
    // ignoreUndefined: an undefined field is left out, as the file store does, instead of stored as null.
    const client = new MongoClient(uri, { serverSelectionTimeoutMS, ignoreUndefined: true });
    try {
      await client.connect();
    } catch (error) {
      await client.close();
      throw new DependencyError('store', `cannot reach MongoDB: ${(error as Error).message}`, { cause: error });
    }
    return new MongoDocumentStore(client, client.db(dbName), clock);
  }

  async collection<T extends Doc>(name: string, options: CollectionOptions = {}): Promise<Collection<T>> {
    let opened = this.collections.get(name);
    if (!opened) {
      opened = this.openCollection(name, options);
      this.collections.set(name, opened);
    }
    try {
      return (await opened) as unknown as Collection<T>;
    } catch (error) {
      if (this.collections.get(name) === opened) this.collections.delete(name);
      throw error;
    }
  }

  async ping(): Promise<void> {
    if (this.state.closed) throw new DependencyError('store', 'the MongoDB store is closed');
    await translate(() => this.db.command({ ping: 1 }));
  }

  async close(): Promise<void> {
    if (this.state.closed) return;
    this.state.closed = true;
    await this.client.close();
  }

  private async openCollection(name: string, options: CollectionOptions): Promise<MongoBackedCollection> {
    const collection = this.db.collection<StoredDoc>(name);
    const { ttlField } = options;
    if (ttlField) await translate(() => collection.createIndex({ [ttlField]: 1 }, { expireAfterSeconds: 0 }));
    for (const index of options.indexes ?? []) {
      // The TTL index already serves a plain index on its field; a second one with other options is refused.
      if (ttlField && !index.unique && sameKeys(index.fields, ttlField)) continue;
      await translate(() => collection.createIndex(index.fields, { unique: index.unique ?? false }));
    }
    return new MongoBackedCollection(collection, this.clock, ttlField, this.state);
  }
}

/** Typed on `Doc`; `MongoDocumentStore.collection<T>` narrows it, as the port leaves document shapes to callers. */
class MongoBackedCollection implements Collection<Doc> {
  constructor(
    private readonly collection: MongoCollection<StoredDoc>,
    private readonly clock: Clock,
    private readonly ttlField: string | undefined,
    private readonly store: { readonly closed: boolean },
  ) {}

  async insertOne(doc: Doc): Promise<void> {
    this.assertOpen();
    // The driver adds an `_id` to the object it is given; a copy keeps the caller's object untouched.
    await this.retryOverExpired(() => this.collection.insertOne({ ...doc }));
  }

  async findOne(filter: Filter): Promise<Doc | null> {
    return await translate(() => this.collection.findOne(this.live(filter)));
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    const cursor = this.collection.find(this.live(filter));
    if (options.sort) cursor.sort(options.sort);
    if (options.limit !== undefined) cursor.limit(options.limit);
    return await translate(() => cursor.toArray());
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const upsert = options.upsert ?? false;
    // Without an `_id` in the filter MongoDB would invent an ObjectId; the port promises string ids.
    const withId: Update =
      upsert && upsertSeed(filter)._id === undefined && update.$setOnInsert?._id === undefined
        ? { ...update, $setOnInsert: { ...update.$setOnInsert, _id: crypto.randomUUID() } }
        : update;
    // Concurrent upserts of one key can lose with a duplicate key error (the server retries only some
    // shapes of filter); the retry then finds the winner's document and updates it.
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.retryOverExpired(() =>
          this.collection.updateOne(this.live(filter), withId as Document, { upsert }),
        );
        return { matched: result.matchedCount, upserted: result.upsertedCount > 0 };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError) || !upsert || attempt === 3) throw error;
      }
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await translate(() => this.collection.deleteMany(this.live(filter)))).deletedCount;
  }

  async count(filter: Filter): Promise<number> {
    return await translate(() => this.collection.countDocuments(this.live(filter)));
  }

  /** An expired document may still hold the `_id` or unique key until the TTL monitor runs: it gives way. */
  private async retryOverExpired<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await translate(write);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || !this.ttlField) throw error;
      const ttlField = this.ttlField;
      const purged = await translate(() => this.collection.deleteMany(expiredFilter(ttlField, this.clock())));
      if (purged.deletedCount === 0) throw error;
      return await translate(write);
    }
  }

  private live(filter: Filter): Filter {
    this.assertOpen();
    return liveFilter(filter, this.ttlField, this.clock());
  }

  private assertOpen(): void {
    if (this.store.closed) throw new DependencyError('store', 'the MongoDB store is closed');
  }
}

function sameKeys(fields: Record<string, 1 | -1>, field: string): boolean {
  const keys = Object.keys(fields);
  return keys.length === 1 && keys[0] === field;
}

/** Driver errors become the project's: 11000 is a duplicate key; an unreachable or closed server is a dependency failure. */
async function translate<R>(operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) {
      throw new DuplicateKeyError('duplicate key', { cause: error });
    }
    if (
      error instanceof MongoNetworkError ||
      error instanceof MongoServerSelectionError ||
      error instanceof MongoTopologyClosedError ||
      error instanceof MongoNotConnectedError ||
      error instanceof MongoClientClosedError ||
      error instanceof MongoServerClosedError ||
      error instanceof MongoOperationTimeoutError
    ) {
      throw new DependencyError('store', `MongoDB is unavailable: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
