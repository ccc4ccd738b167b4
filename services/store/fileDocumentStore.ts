import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Nedb from '@seald-io/nedb';
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
import { expiredFilter, liveFilter, upsertSeed, withoutEq } from './storeFilters.ts';

const require = createRequire(import.meta.url);
// NeDB is CommonJS (`module.exports = Datastore`) while its typings declare `export default`: under
// `nodenext` the typed default import is the module object, so the class is required and typed by hand.
const Datastore: typeof Nedb.default.default = require('@seald-io/nedb');
type Datastore<T> = Nedb.default<T>;
/** NeDB's own modifier engine (the one its upsert uses), so an upserted document is built in memory and inserted whole. */
const nedbModel: { modify(doc: object, update: object): Record<string, unknown>; serialize(doc: object): string } = require('@seald-io/nedb/lib/model.js');

/** Folders open in this process: the lock file alone cannot tell a second open here from a restart with the same pid. */
const openDirs = new Set<string>();

/**
 * The embedded default: one append-only NeDB file per collection under `DATA_DIR/store`.
 * It is for one process only; a lock file makes a second process on the same folder refuse to start.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Promise<FileCollection<Doc>>>();
  private readonly state = { closed: false };

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  static async open(dataDir: string, clock: Clock = systemClock): Promise<FileDocumentStore> {
    const dir = path.resolve(dataDir, 'store');
    if (openDirs.has(dir)) {
      throw new DependencyError('store', `the embedded store in ${dir} is already open in this process; open it once and share it`);
    }
    openDirs.add(dir);
    try {
      await mkdir(dir, { recursive: true });
      await takeLock(path.join(dir, 'LOCK'));
    } catch (error) {
      openDirs.delete(dir);
      throw error;
    }
    return new FileDocumentStore(dir, clock);
  }

  async collection<T extends Doc>(name: string, options: CollectionOptions = {}): Promise<Collection<T>> {
    if (!/^[A-Za-z][\w-]{0,63}$/.test(name)) throw new Error(`invalid collection name: ${name}`);
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
    if (this.state.closed) throw new DependencyError('store', 'the embedded store is closed');
  }

  async close(): Promise<void> {
    if (this.state.closed) return;
    this.state.closed = true;
    try {
      const opened = await Promise.allSettled(this.collections.values());
      for (const result of opened) if (result.status === 'fulfilled') await result.value.compact();
    } finally {
      await rm(path.join(this.dir, 'LOCK'), { force: true });
      openDirs.delete(this.dir);
    }
  }

  private async openCollection(name: string, options: CollectionOptions): Promise<FileCollection<Doc>> {
    const filename = path.join(this.dir, `${name}.db`);
    const db = new Datastore<Doc>({ filename });
    await db.loadDatabaseAsync();
    appendThroughOpenHandle(db, filename);
    // A plain index, not NeDB's TTL option: NeDB would delete by the wall clock, while expiry is the store's clock's
    // to decide (tests move it; a clock set in the past made NeDB delete state that had not expired). FileCollection
    // removes expired documents by the store's clock instead.
    if (options.ttlField) await db.ensureIndexAsync({ fieldName: options.ttlField });
    for (const index of options.indexes ?? []) {
      const fields = Object.keys(index.fields);
      await db.ensureIndexAsync({ fieldName: fields.length === 1 ? fields[0]! : fields, unique: index.unique ?? false });
    }
    const collection = new FileCollection(db, this.clock, options.ttlField, this.state);
    await collection.purgeExpired();
    return collection;
  }
}

/** How often a collection with a TTL field removes its expired documents (on a write, when due). */
const PURGE_EVERY_MS = 60_000;

class FileCollection<T extends Doc> implements Collection<T> {
  private purgedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Datastore<T>,
    private readonly clock: Clock,
    private readonly ttlField: string | undefined,
    private readonly store: { readonly closed: boolean },
  ) {}

  async insertOne(doc: T): Promise<void> {
    this.assertOpen();
    await this.purgeWhenDue();
    await this.retryOverExpired(() => this.db.insertAsync(doc));
    await laterTurn();
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.db.findOneAsync(this.live(filter))) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.db.findAsync(this.live(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return await cursor;
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const { $setOnInsert, ...modifiers } = update;
    await this.purgeWhenDue();
    // Two steps (update, else insert) as MongoDB does under the hood: a concurrent upsert of the same
    // key, or an expired document still holding it, surfaces as a duplicate key, and the update is retried.
    for (let attempt = 1; ; attempt++) {
      const matched = await this.updateMatching(filter, modifiers);
      if (matched > 0 || !options.upsert) {
        if (matched > 0) await laterTurn();
        return { matched, upserted: false };
      }
      try {
        await this.retryOverExpired(() => this.db.insertAsync(this.upsertDocument(filter, modifiers, $setOnInsert)));
        await laterTurn();
        return { matched: 0, upserted: true };
      } catch (error) {
        if (!(error instanceof DuplicateKeyError) || attempt === 3) throw error;
      }
    }
  }

  async deleteMany(filter: Filter): Promise<number> {
    const deleted = await this.db.removeAsync(this.live(filter), { multi: true });
    if (deleted > 0) await laterTurn();
    return deleted;
  }

  async count(filter: Filter): Promise<number> {
    return await this.db.countAsync(this.live(filter));
  }

  /** Deletes the documents expired by the store's clock (reads skip them already; this frees their memory). */
  async purgeExpired(): Promise<void> {
    if (!this.ttlField) return;
    this.purgedAt = this.clock().getTime();
    await this.db.removeAsync(expiredFilter(this.ttlField, this.clock()), { multi: true });
  }

  private async purgeWhenDue(): Promise<void> {
    if (this.ttlField && Math.abs(this.clock().getTime() - this.purgedAt) >= PURGE_EVERY_MS) await this.purgeExpired();
  }

  async compact(): Promise<void> {
    await this.db.compactDatafileAsync();
  }

  private async updateMatching(filter: Filter, modifiers: Omit<Update, '$setOnInsert'>): Promise<number> {
    // An empty update is a whole-document replacement in NeDB: it would wipe the matched document.
    if (Object.keys(modifiers).length === 0) return Math.min(await this.count(filter), 1);
    const result = await translate(() => this.db.updateAsync(this.live(filter), modifiers, { multi: false }));
    return result.numAffected;
  }

  private upsertDocument(filter: Filter, modifiers: Omit<Update, '$setOnInsert'>, setOnInsert: Update['$setOnInsert']): T {
    const { _id: insertId, ...onInsert } = setOnInsert ?? {};
    const seed = upsertSeed(filter);
    let doc: Record<string, unknown> = { ...seed, _id: seed._id ?? insertId ?? crypto.randomUUID() };
    if (Object.keys(onInsert).length > 0) doc = nedbModel.modify(doc, { $set: onInsert });
    if (Object.keys(modifiers).length > 0) doc = nedbModel.modify(doc, modifiers);
    return doc as T;
  }

  /** An expired document may still hold the `_id` or unique key: it no longer exists, so it gives way. */
  private async retryOverExpired<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await translate(write);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || !this.ttlField) throw error;
      const purged = await this.db.removeAsync(expiredFilter(this.ttlField, this.clock()), { multi: true });
      if (purged === 0) throw error;
      return await translate(write);
    }
  }

  private live(filter: Filter): Filter {
    this.assertOpen();
    return withoutEq(liveFilter(filter, this.ttlField, this.clock()));
  }

  private assertOpen(): void {
    if (this.store.closed) throw new DependencyError('store', 'the embedded store is closed');
  }
}

/**
 * A write resolves in a later turn of the event loop, as NeDB's asynchronous file append made it do: callers (the
 * Direct Line stream's replay-then-live handover among them) were written against that interleaving. The wait is
 * the caller's, after NeDB's queue has moved on: waited inside the append, it held the collection's whole queue for
 * a turn of the loop per write, and under load a busy collection (rate limits) queued for seconds (issue 9).
 */
async function laterTurn(): Promise<void> {
  await setImmediatePromise();
}

/**
 * NeDB appends every write with fs.appendFile, which opens and closes the collection file each time; that was a
 * seventh of the bot's CPU under load. One descriptor per collection, kept open, takes the same lines, written
 * synchronously: a line of a few hundred bytes reaches the page cache in about 2 µs of CPU, where the promise API's
 * thread-pool round trip costs about 50 µs (measured on the 2-core bench machine; issue 9). The write is as durable
 * as before (in the OS when the operation resolves). Compaction rewrites the file under a new inode, so the
 * descriptor is dropped then and reopened by the next write.
 */
function appendThroughOpenHandle(db: Datastore<Doc>, filename: string): void {
  const persistence = (db as unknown as { persistence: { persistNewStateAsync(docs: object[]): Promise<void> } }).persistence;
  let fd: number | undefined;
  persistence.persistNewStateAsync = async (docs: object[]): Promise<void> => {
    if (docs.length === 0) return;
    const lines = docs.map((doc) => `${nedbModel.serialize(doc)}\n`).join('');
    fd ??= openSync(filename, 'a');
    const bytes = Buffer.from(lines, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
  };
  // Also the last thing close() does to each collection, so the descriptor never outlives the store.
  db.on('compaction.done', () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  });
}

async function translate<R>(operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if ((error as { errorType?: string }).errorType === 'uniqueViolated') {
      throw new DuplicateKeyError('duplicate key', { cause: error });
    }
    throw error;
  }
}

/** A lock file still empty after this long was left by a process that died while creating it. */
const EMPTY_LOCK_GRACE_MS = 10_000;

/** One process per DATA_DIR: NeDB keeps the whole data set in this process's memory. */
async function takeLock(lockFile: string, attempt = 1): Promise<void> {
  try {
    const handle = await open(lockFile, 'wx');
    try {
      await handle.writeFile(String(process.pid));
    } finally {
      await handle.close();
    }
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (attempt > 2) throw new DependencyError('store', `cannot take the lock ${lockFile}`, { cause: error });
  }
  const holder = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
  // A process restarted in a container often gets the same pid: a lock naming us is ours to take over.
  const held = Number.isNaN(holder) ? await isFresh(lockFile) : holder !== process.pid && isAlive(holder);
  if (held) {
    throw new DependencyError(
      'store',
      `the embedded store in ${path.dirname(lockFile)} is in use by process ${Number.isNaN(holder) ? '(starting)' : holder}; ` +
        'one process per DATA_DIR (stop the other process, or use MONGODB_URI to run several instances)',
    );
  }
  await rm(lockFile, { force: true });
  await takeLock(lockFile, attempt + 1);
}

/** An unreadable or empty lock is being written by a process that is starting right now, unless it is old. */
async function isFresh(lockFile: string): Promise<boolean> {
  const info = await stat(lockFile).catch(() => null);
  return info !== null && Date.now() - info.mtimeMs < EMPTY_LOCK_GRACE_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
