import { randomUUID } from 'node:crypto';
import type { Collection, DocumentStore } from '../store/documentStore.ts';
import type { AuditEntry, AuditLog } from './auditLog.ts';

interface AuditDoc extends AuditEntry {
  _id: string;
  /** The staff member's id, copied out of `actor` so it can be indexed and searched. */
  staffId?: string;
  /** Orders entries written in the same millisecond (newest first) within this process. */
  seq: number;
}

let counter = 0;

/** At most this many entries per read. */
const MAX_LIMIT = 1000;

/**
 * The audit log in the store's 'audit' collection. It only ever inserts: this class has no update or
 * delete path, so an entry, once written, stays as it was written.
 */
export class StoreAuditLog implements AuditLog {
  private constructor(private readonly entries: Collection<AuditDoc>) {}

  static async open(store: DocumentStore): Promise<StoreAuditLog> {
    const entries = await store.collection<AuditDoc>('audit', {
      indexes: [
        { fields: { account: 1, at: -1 } },
        { fields: { staffId: 1, at: -1 } },
        { fields: { tenant: 1, at: -1 } },
        { fields: { at: -1 } },
      ],
    });
    return new StoreAuditLog(entries);
  }

  async append(entry: AuditEntry): Promise<void> {
    const staffId = entry.actor.kind === 'staff' ? { staffId: entry.actor.staffId } : {};
    await this.entries.insertOne({ _id: randomUUID(), ...entry, ...staffId, seq: ++counter });
  }

  /** Newest first; the filter's fields must all match. */
  async find(filter: { account?: string; staffId?: string; tenant?: string }, limit = 100): Promise<AuditEntry[]> {
    const query: Record<string, string> = {};
    // Only string values reach the store: a filter built from a request body cannot carry operators.
    for (const key of ['account', 'staffId', 'tenant'] as const) {
      const value = filter[key];
      if (value !== undefined) {
        if (typeof value !== 'string') throw new TypeError(`audit filter ${key} must be a string`);
        query[key] = value;
      }
    }
    const docs = await this.entries.find(query, { sort: { at: -1, seq: -1 }, limit: Math.max(1, Math.min(limit, MAX_LIMIT)) });
    return docs.map(({ _id, staffId, seq, ...entry }) => entry);
  }
}
