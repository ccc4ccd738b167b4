import { z } from 'zod';
import type { Clock } from './documentStore.ts';
import { KeyedFiles } from './keyedFiles.ts';
import type { StateRecord, StateRecords } from './stateRecords.ts';

/** A record's file: times in ms since the epoch; `expiresAt` null when the record never expires. */
const StateFile = z.object({
  key: z.string(),
  state: z.string(),
  eTag: z.string(),
  updatedAt: z.number(),
  expiresAt: z.number().nullable(),
});

/**
 * The embedded mode's bot state: one small JSON file per key under `DATA_DIR/state` (see KeyedFiles), replaced
 * whole on every write, so memory does not grow with conversations (issue 9). Expiry is the injected clock's:
 * reads skip an expired record, and a sweep (at open, then at most hourly as writes come) deletes its file.
 * State written to the embedded store's `botState` collection before this existed is not read: conversation
 * state expires after a week anyway, and at worst a user chooses the language again.
 */
export class FileStateRecords implements StateRecords {
  private readonly files: KeyedFiles;

  constructor(
    dir: string,
    private readonly clock: Clock,
  ) {
    this.files = new KeyedFiles(dir, clock, (text) => parse(text)?.expiresAt ?? undefined);
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

  /** Checked and written in one synchronous step: no other write to the key comes between. */
  async write(record: StateRecord, expectedETag?: string): Promise<boolean> {
    if (expectedETag !== undefined) {
      const stored = this.live(record.key);
      if (stored && stored.eTag !== expectedETag) return false;
    }
    const file: z.infer<typeof StateFile> = {
      key: record.key,
      state: record.state,
      eTag: record.eTag,
      updatedAt: record.updatedAt.getTime(),
      expiresAt: record.expiresAt?.getTime() ?? null,
    };
    this.files.replace(record.key, JSON.stringify(file));
    this.files.sweepIfDue();
    return true;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.files.remove(key);
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

/** A file that is not a record (edited by hand, from another version) reads as no record. */
function parse(text: string): z.infer<typeof StateFile> | undefined {
  try {
    const parsed = StateFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
