/**
 * botbuilder's `Storage` on top of our state records (the document store's collection, or files in the
 * embedded mode), so ConversationState and UserState outlive a restart and, on MongoDB, any number of
 * bot instances share them. This file (with
 * transcriptStorage.ts) is the one place under services/ that imports botbuilder: it is the adapter
 * between botbuilder's persistence interfaces and our port, and would be swapped for the
 * Agents SDK's equivalent in a migration.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { ConflictError } from '../errors.ts';
import { DocumentStateRecords } from './documentStateRecords.ts';
import { systemClock } from './documentStore.ts';
import type { Clock, DocumentStore } from './documentStore.ts';
import type { StateRecords } from './stateRecords.ts';

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

/**
 * The state is kept as a JSON string: bot state may hold keys that MongoDB and NeDB refuse in field names
 * (`$x`, `a.b`), and JSON is also what botbuilder's MemoryStorage round-trips through, so dates come back as
 * strings in every backend. Records live in a StateRecords: the document store's collection (MongoDB) or one
 * file per key (the embedded mode; see stateRecords.ts).
 */
export class BotStateStorage implements Storage {
  private readonly records: StateRecords;

  /** `target`: a StateRecords, or a DocumentStore whose `botState` collection holds the records. */
  constructor(
    target: DocumentStore | StateRecords,
    private readonly clock: Clock = systemClock,
  ) {
    this.records = 'collection' in target ? new DocumentStateRecords(target) : target;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const record of await this.records.read(keys)) {
      items[record.key] = { ...(JSON.parse(record.state) as object), eTag: record.eTag };
    }
    return items;
  }

  /**
   * Optimistic concurrency as in botbuilder's MemoryStorage: a change without an eTag, or with `*`,
   * overwrites; any other eTag must match the stored one, or the write fails with a ConflictError.
   * A change with an eTag for a key that does not exist yet is inserted.
   */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes as Record<string, Record<string, unknown>>)) {
      const { eTag, ...state } = change;
      const now = this.clock();
      const retention = retentionOf(key);
      const record = {
        key,
        state: JSON.stringify(state),
        eTag: crypto.randomUUID(),
        updatedAt: now,
        ...(retention === undefined ? {} : { expiresAt: new Date(now.getTime() + retention) }),
      };
      const expected = typeof eTag !== 'string' || eTag === '' || eTag === '*' ? undefined : eTag;
      if (!(await this.records.write(record, expected))) {
        throw new ConflictError(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.records.delete(keys);
  }

  /** Opens the records (collection and TTL index, or folder): call it at start, so the first turn does not pay for it. */
  async open(): Promise<void> {
    await this.records.open();
  }

  /** Waits for the records' background work (a sweep of expired files); call it at stop. */
  async close(): Promise<void> {
    await this.records.close();
  }
}
