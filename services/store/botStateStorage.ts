/**
 * botbuilder's `Storage` on top of our DocumentStore, so ConversationState and UserState live in the
 * same store as everything else and any number of bot instances share them. This file (with
 * transcriptStorage.ts) is the one place under services/ that imports botbuilder: it is the adapter
 * between botbuilder's persistence interfaces and our port, and would be swapped for the
 * Agents SDK's equivalent in a migration.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { ConflictError, DuplicateKeyError } from '../errors.ts';
import { systemClock } from './documentStore.ts';
import type { Clock, Collection, Doc, DocumentStore } from './documentStore.ts';

/**
 * One state object per key. The state is kept as a JSON string: bot state may hold keys that
 * MongoDB and NeDB refuse in field names (`$x`, `a.b`), and JSON is also what botbuilder's
 * MemoryStorage round-trips through, so dates come back as strings in both.
 */
interface StateDoc extends Doc {
  state: string;
  eTag: string;
  updatedAt: Date;
  /** When the state is forgotten unless written again (TTL): see `retentionOf`. */
  expiresAt?: Date;
}

const DAY_MS = 24 * 60 * 60_000;
/**
 * How long state outlives its last write. A conversation's (where the user is in a journey) outlives a restart, a
 * night and a weekend away from the chat; after a week idle the user starts again from the menu. A user's (the
 * chosen language) lasts a year. Keys are botbuilder's: `<channel>/conversations/<id>` and `<channel>/users/<id>`.
 */
export const STATE_RETENTION_DAYS = { conversation: 7, user: 365 } as const;

function retentionOf(key: string): number | undefined {
  if (key.includes('/conversations/')) return STATE_RETENTION_DAYS.conversation * DAY_MS;
  if (key.includes('/users/')) return STATE_RETENTION_DAYS.user * DAY_MS;
  return undefined;
}

export class BotStateStorage implements Storage {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    for (const doc of await (await this.states()).find({ _id: { $in: keys } })) {
      items[doc._id] = { ...(JSON.parse(doc.state) as object), eTag: doc.eTag };
    }
    return items;
  }

  /**
   * Optimistic concurrency as in botbuilder's MemoryStorage: a change without an eTag, or with `*`,
   * overwrites; any other eTag must match the stored one, or the write fails with a ConflictError.
   * A change with an eTag for a key that does not exist yet is inserted.
   */
  async write(changes: StoreItems): Promise<void> {
    const states = await this.states();
    for (const [key, change] of Object.entries(changes as Record<string, Record<string, unknown>>)) {
      const { eTag, ...state } = change;
      const now = this.clock();
      const retention = retentionOf(key);
      const next = {
        state: JSON.stringify(state),
        eTag: crypto.randomUUID(),
        updatedAt: now,
        ...(retention === undefined ? {} : { expiresAt: new Date(now.getTime() + retention) }),
      };
      if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
        await states.updateOne({ _id: key }, { $set: next }, { upsert: true });
        continue;
      }
      const { matched } = await states.updateOne({ _id: key, eTag }, { $set: next });
      if (matched === 1) continue;
      try {
        await states.insertOne({ _id: key, ...next });
      } catch (error) {
        // The key exists with another eTag, or a concurrent writer inserted it first.
        if (error instanceof DuplicateKeyError) {
          throw new ConflictError(`Storage: error writing "${key}" due to eTag conflict.`, { cause: error });
        }
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await (await this.states()).deleteMany({ _id: { $in: keys } });
  }

  /** Opens the collection (and its TTL index): call it at start, so the first turn does not pay for it. */
  async open(): Promise<void> {
    await this.states();
  }

  private async states(): Promise<Collection<StateDoc>> {
    return await this.store.collection<StateDoc>('botState', { ttlField: 'expiresAt' });
  }
}
