import type { Clock } from './documentStore.ts';
import { KeyedFiles } from './keyedFiles.ts';
import type { StateRecord, StateRecords } from './stateRecords.ts';

/** A record's file: times in ms since the epoch; `expiresAt` null when the record never expires. */
interface StateFile {
  key: string;
  state: string;
  eTag: string;
  updatedAt: number;
  expiresAt: number | null;
}

/**
 * The embedded mode's bot state: one small JSON file per key under `DATA_DIR/state` (see KeyedFiles), replaced
 * whole on every write; the records used last are also kept in memory, within a fixed budget, so memory does not
 * grow with conversations (issue 9). Expiry is the injected clock's:
 * reads skip an expired record, and a sweep (at open, then at most hourly as writes come) deletes its file.
 * State written to the embedded store's `botState` collection before this existed is not read: conversation
 * state expires after a week anyway, and at worst a user chooses the language again.
 */
export class FileStateRecords implements StateRecords {
  private readonly files: KeyedFiles;

  /** `knownChars`: how much of the recently used records KeyedFiles keeps in memory (its default unless given). */
  constructor(
    dir: string,
    private readonly clock: Clock,
    knownChars?: number,
  ) {
    this.files = new KeyedFiles(dir, clock, (text) => parse(text)?.expiresAt ?? undefined, knownChars);
  }

  async open(): Promise<void> {
    this.files.open();
  }

  async read(keys: readonly string[]): Promise<StateRecord[]> {
    return keys.flatMap((key) => {
      const record = this.live(key);
      return record ? [record] : [];
    });
  }

  /** Checked and changed in one synchronous step (no other write to the key comes between); resolves once in the file. */
  async write(record: StateRecord, expectedETag?: string): Promise<boolean> {
    if (expectedETag !== undefined) {
      const stored = this.live(record.key);
      if (stored && stored.eTag !== expectedETag) return false;
    }
    const file: StateFile = {
      key: record.key,
      state: record.state,
      eTag: record.eTag,
      updatedAt: record.updatedAt.getTime(),
      expiresAt: record.expiresAt?.getTime() ?? null,
    };
    const written = this.files.replace(record.key, JSON.stringify(file));
    this.files.sweepIfDue();
    await written;
    return true;
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.files.remove(key)));
  }

  async close(): Promise<void> {
    await this.files.close();
  }

  /** The key's record unless it has expired (or its file belongs to another key with the same hash). */
  private live(key: string): StateRecord | undefined {
    const text = this.files.read(key);
    const file = text === undefined ? undefined : parse(text);
    if (!file || file.key !== key) return undefined;
    if (file.expiresAt !== null && file.expiresAt <= this.clock().getTime()) return undefined;
    return {
      key,
      state: file.state,
      eTag: file.eTag,
      updatedAt: new Date(file.updatedAt),
      ...(file.expiresAt === null ? {} : { expiresAt: new Date(file.expiresAt) }),
    };
  }
}

/** A file that is not a record (edited by hand, from another version) reads as no record. Checked by hand: every turn reads two. */
function parse(text: string): StateFile | undefined {
  let file: Partial<Record<keyof StateFile, unknown>>;
  try {
    file = JSON.parse(text) as typeof file;
  } catch {
    return undefined;
  }
  if (typeof file !== 'object' || file === null) return undefined;
  const { key, state, eTag, updatedAt, expiresAt } = file;
  if (typeof key !== 'string' || typeof state !== 'string' || typeof eTag !== 'string' || !Number.isFinite(updatedAt)) return undefined;
  if (expiresAt !== null && !Number.isFinite(expiresAt)) return undefined;
  return { key, state, eTag, updatedAt: updatedAt as number, expiresAt: expiresAt as number | null };
}
