import { DuplicateKeyError } from '../errors.ts';
import type { Collection, Doc, DocumentStore } from './documentStore.ts';
import type { StateRecord, StateRecords } from './stateRecords.ts';

interface StateDoc extends Doc {
  state: string;
  eTag: string;
  updatedAt: Date;
  /** TTL: the store forgets the state after this. */
  expiresAt?: Date;
}

/** State records in the document store's `botState` collection (MongoDB in production), with a TTL index on `expiresAt`. */
export class DocumentStateRecords implements StateRecords {
  constructor(private readonly store: DocumentStore) {}

  async open(): Promise<void> {
    await this.states();
  }

  async read(keys: readonly string[]): Promise<StateRecord[]> {
    if (keys.length === 0) return [];
    const docs = await (await this.states()).find({ _id: { $in: [...keys] } });
    return docs.map(({ _id, ...doc }) => ({ key: _id, ...doc }));
  }

  async write({ key, ...next }: StateRecord, expectedETag?: string): Promise<boolean> {
    const states = await this.states();
    if (expectedETag === undefined) {
      await states.updateOne({ _id: key }, { $set: next }, { upsert: true });
      return true;
    }
    const { matched } = await states.updateOne({ _id: key, eTag: expectedETag }, { $set: next });
    if (matched === 1) return true;
    try {
      await states.insertOne({ _id: key, ...next });
      return true;
    } catch (error) {
      // The key exists with another eTag, or a concurrent writer inserted it first.
      if (error instanceof DuplicateKeyError) return false;
      throw error;
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await (await this.states()).deleteMany({ _id: { $in: [...keys] } });
  }

  async close(): Promise<void> {
    // The document store is closed by its owner.
  }

  private async states(): Promise<Collection<StateDoc>> {
    return await this.store.collection<StateDoc>('botState', { ttlField: 'expiresAt' });
  }
}
