import type { Collection, CollectionOptions, Doc, DocumentStore, Filter, FindOptions, Update, UpdateResult } from '../../services/store/documentStore.ts';

/** One write that reached the store: which collection, and how. */
export interface StoreWrite {
  collection: string;
  operation: 'insertOne' | 'updateOne' | 'deleteMany';
}

/**
 * Wraps the store the app uses and records every write as it is issued (inserts, upserts) or as it turns out
 * to have changed something (updates and deletes that matched). Reads pass through untouched.
 */
export class RecordingStore implements DocumentStore {
  readonly writes: StoreWrite[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private started = 0;

  constructor(private readonly inner: DocumentStore) {}

  /**
   * Resolves once every store operation has finished and a turn of the event loop started no new one: the
   * writes a request set off after its response (transcripts) are then counted for it, not for the next input.
   */
  async settle(): Promise<void> {
    for (;;) {
      const seen = this.started;
      await Promise.allSettled([...this.inFlight]);
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.inFlight.size === 0 && this.started === seen) return;
    }
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.started += 1;
    this.inFlight.add(operation);
    void operation.finally(() => this.inFlight.delete(operation)).catch(() => undefined);
    return operation;
  }

  async collection<T extends Doc>(name: string, options?: CollectionOptions): Promise<Collection<T>> {
    const collection = await this.inner.collection<T>(name, options);
    const record = (operation: StoreWrite['operation']): void => void this.writes.push({ collection: name, operation });
    return {
      insertOne: async (doc: T): Promise<void> => {
        record('insertOne');
        await this.track(collection.insertOne(doc));
      },
      findOne: async (filter: Filter): Promise<T | null> => await this.track(collection.findOne(filter)),
      find: async (filter: Filter, findOptions?: FindOptions): Promise<T[]> => await this.track(collection.find(filter, findOptions)),
      updateOne: async (filter: Filter, update: Update, updateOptions?: { upsert?: boolean }): Promise<UpdateResult> => {
        if (updateOptions?.upsert) record('updateOne');
        const result = await this.track(collection.updateOne(filter, update, updateOptions));
        if (!updateOptions?.upsert && result.matched > 0) record('updateOne');
        return result;
      },
      deleteMany: async (filter: Filter): Promise<number> => {
        const deleted = await this.track(collection.deleteMany(filter));
        if (deleted > 0) record('deleteMany');
        return deleted;
      },
      count: async (filter: Filter): Promise<number> => await this.track(collection.count(filter)),
    };
  }

  async ping(): Promise<void> {
    await this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}
