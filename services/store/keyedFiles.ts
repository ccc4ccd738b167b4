import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from './documentStore.ts';

/** How often expired files are looked for, at most. */
const SWEEP_EVERY_MS = 60 * 60_000;
const TEMP = '.tmp';

/**
 * One small file per key under `dir`, for the embedded mode's state and delivery marks (issue 9: the embedded
 * document store holds every document in memory). A file is named by a hash of its key (keys may hold any
 * character) in one of 256 folders, made at open: a few thousand entries per folder at a million keys, and no
 * folder to create while turns run (two levels, 65,536 folders, made one on nearly every new conversation's write).
 * Every call is synchronous: a few µs for a small file, less than the promise API's thread-pool round trip, and
 * with one process per DATA_DIR (as for the embedded store) a read-check-write in one call is atomic.
 * Nothing per key is kept in memory. `expiresOf` reads from a file's text when it may go (ms; undefined: never);
 * `sweep` deletes what has expired by the injected clock (file times are never used).
 */
export class KeyedFiles {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly expiresOf: (text: string) => number | undefined,
  ) {}

  /** Creates the folder and starts a sweep in the background (`close` awaits it). */
  open(): void {
    for (let folder = 0; folder < 256; folder++) mkdirSync(path.join(this.dir, folder.toString(16).padStart(2, '0')), { recursive: true });
    this.sweepIfDue();
  }

  /** The key's file, or undefined when there is none. */
  read(key: string): string | undefined {
    try {
      return readFileSync(this.fileOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Replaces the key's file whole: written beside it, then renamed over it, so no reader sees half of it. */
  replace(key: string, text: string): void {
    const file = this.fileOf(key);
    // One name per file is enough: nothing else runs between this write and the rename.
    withFolder(file, () => writeFileSync(file + TEMP, text));
    renameSync(file + TEMP, file);
  }

  /** Appends to the key's file (one write(2) of a short line: a crash does not tear it). */
  append(key: string, text: string): void {
    const file = this.fileOf(key);
    withFolder(file, () => appendFileSync(file, text));
  }

  remove(key: string): void {
    rmSync(this.fileOf(key), { force: true });
  }

  /** Starts a sweep in the background when the last one started an hour ago or more. */
  sweepIfDue(): void {
    if (this.sweeping || this.clock().getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = this.clock().getTime();
    const sweep = this.sweep();
    this.sweeping = sweep;
    void sweep.finally(() => (this.sweeping = undefined)).catch(() => undefined);
  }

  /**
   * Deletes the files expired by now, and temporary files a crash left between write and rename; resolves with
   * how many files it deleted. Files are read without blocking; one found expired is read again and deleted in
   * one synchronous step, so a write since the first read keeps it.
   */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const first of await names(this.dir)) {
      const folder = path.join(this.dir, first);
      for (const name of await names(folder)) {
        const file = path.join(folder, name);
        if (name.endsWith(TEMP)) {
          rmSync(file, { force: true });
          deleted += 1;
          continue;
        }
        const text = await readFile(file, 'utf8').catch(() => undefined);
        if (text === undefined || !this.expired(text)) continue;
        const again = readIfThere(file);
        if (again === undefined || !this.expired(again)) continue;
        rmSync(file, { force: true });
        deleted += 1;
      }
    }
    return deleted;
  }

  /** Waits for a sweep in progress. */
  async close(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
  }

  private expired(text: string): boolean {
    const expires = this.expiresOf(text);
    return expires !== undefined && expires <= this.clock().getTime();
  }

  private fileOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, hash.slice(0, 2), hash.slice(0, 32));
  }
}

/** Runs `write`; creates the file's folder and runs it again when the folder is missing. */
function withFolder(file: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    write();
  }
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function names(folder: string): Promise<string[]> {
  return await readdir(folder).catch(() => [] as string[]);
}
