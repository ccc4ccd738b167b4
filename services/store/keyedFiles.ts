import { createHash } from 'node:crypto';
import { close, closeSync, fstatSync, mkdirSync, open, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Clock } from './documentStore.ts';

/** How often expired files are looked for, at most. */
const SWEEP_EVERY_MS = 60 * 60_000;
/** Left by an older version between write and rename; swept. */
const TEMP = '.tmp';
/** Files grow in steps of this many bytes and never shrink: a write then changes no file size (see `replace`). */
const BLOCK = 1024;
/** Characters of recently used texts kept in memory by default (at most a few MB, however many keys there are). */
const KNOWN_CHARS = 2_000_000;
/** What an entry costs besides its text: the map entry and the file name. */
const ENTRY_CHARS = 100;
/** Files written last whose descriptors stay open for their next write (per instance; a process has two). */
const OPEN_FILES = 256;

const openFile = promisify(open);
const closeFile = promisify(close);

/** What this process last read or wrote of a file: its text (undefined: there is no file) and its size on disk (once known). */
interface Known {
  text: string | undefined;
  size?: number;
}

/** A change readers here already see, on its way to the file (changes to one file land in order). */
interface Landing {
  known: Known;
  landed: Promise<void>;
}

/**
 * One small file per key under `dir`, for the embedded mode's state and delivery marks (issue 9: the embedded
 * document store holds every document in memory). A file is named by a hash of its key (keys may hold any
 * character) in one of 256 folders, made at open: a few thousand entries per folder at a million keys, and no
 * folder to create while turns run (two levels, 65,536 folders, made one on nearly every new conversation's write).
 * Reads are synchronous (a few µs for a small file); a change is seen at once by every read here, and reaches its
 * file after the file's earlier changes: the promise `replace`, `append` and `remove` return resolves when it has.
 * Opening, creating and deleting a file go through libuv's thread pool (creating one took 0.1–0.8 ms of the event
 * loop on this machine's disk: issue 9); the write itself is one synchronous call on a descriptor already open
 * (4–5 µs for a small file, against 12–31 µs of the event loop and 2–5 times the CPU for the thread pool's round
 * trip; under load the hand-off also cost the event loop its core while a pool thread ran: --cpu-prof showed the
 * pool's writes at 4 % of the event loop). With one process per DATA_DIR (as for the embedded store), a read, a
 * check and a change made without an await between them are atomic.
 * Texts must not end in spaces (files are padded with them). `expiresOf` reads from a file's text when it may go
 * (ms; undefined: never); `sweep` deletes what has expired by the injected clock (file times are never used).
 *
 * The texts of the keys used last are also kept in memory, up to `knownChars` characters in all (the least recently
 * used go first): a conversation's next turn then reads its state and marks without a file read. Every write still
 * goes to its file at once, and this process is the only writer of the folder, so memory and files never disagree;
 * memory stays bounded however many conversations there are (issue 9: reads were a tenth of a turn's CPU).
 *
 * The files written last also stay open, up to OPEN_FILES: a conversation's next turn then writes its state with
 * one call instead of open, write and close (each a round trip through the thread pool; issue 9: opening and closing
 * took a twentieth of the event loop under load). A descriptor is taken out of the pool while its file is written
 * (writes to one file never overlap), so the least recently used one that is closed to make room is never in use,
 * and a file is closed before it is deleted here. Nothing else deletes these files (one process per DATA_DIR).
 */
export class KeyedFiles {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private sweeping: Promise<number> | undefined;
  /** By file, least recently used first. */
  private readonly known = new Map<string, Known>();
  /** By file, the last change not yet in it. */
  private readonly landing = new Map<string, Landing>();
  /** By file, least recently written first: descriptors open for the next write, none of them in use. */
  private readonly descriptors = new Map<string, number>();
  private knownSize = 0;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly expiresOf: (text: string) => number | undefined,
    private readonly knownChars = KNOWN_CHARS,
  ) {}

  /** Creates the folder and starts a sweep in the background (`close` awaits it). */
  open(): void {
    for (let folder = 0; folder < 256; folder++) mkdirSync(path.join(this.dir, folder.toString(16).padStart(2, '0')), { recursive: true });
    this.sweepIfDue();
  }

  /** The key's file, or undefined when there is none. */
  read(key: string): string | undefined {
    const file = this.fileOf(key);
    const known = this.landing.get(file)?.known ?? this.recall(file);
    if (known) return known.text;
    // A new conversation's files are not there yet: stat says so without an exception (readFileSync throws one).
    const bytes = statSync(file, { throwIfNoEntry: false }) ? bytesIfThere(file) : undefined;
    if (!bytes) {
      this.remember(file, { text: undefined, size: 0 });
      return undefined;
    }
    const text = unpadded(bytes.toString('utf8'));
    this.remember(file, { text, size: bytes.length });
    return text;
  }

  /**
   * Replaces the key's text: every read here sees it at once; the promise resolves when the file has it. The text
   * is written over the old one in place by one write call, padded with spaces to the file's size (rounded up to
   * BLOCK bytes): no truncation, no rename, no size change once a file exists. On this machine's disk that is 11 µs
   * against 1.3 ms for write-then-rename (freeing and allocating blocks is what costs; measured for issue 9). A
   * process that dies cannot leave a write call half done (the kernel completes one it has begun); a power cut may
   * tear one (nothing here is flushed to disk, as with the embedded store): a torn record does not parse and reads
   * as none. When the write fails, reads go back to the file and the promise rejects.
   */
  replace(key: string, text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    return this.change(this.fileOf(key), { text }, async (file, before) =>
      before !== undefined && before.text === undefined ? await this.create(file, bytes) : await this.overwrite(file, bytes, before?.size),
    );
  }

  /** Adds `text` at the end of the key's text (read, then replaced in place). */
  append(key: string, text: string): Promise<void> {
    return this.replace(key, (this.read(key) ?? '') + text);
  }

  remove(key: string): Promise<void> {
    return this.change(this.fileOf(key), { text: undefined, size: 0 }, async (file) => {
      this.release(file);
      await rm(file, { force: true });
      return 0;
    });
  }

  /**
   * Makes `known` what reads of the file see from now on, and runs `write` once the file's earlier changes have
   * landed, given what the file held before (undefined: not known here); `write` resolves with the file's new size.
   */
  private change(file: string, known: Known, write: (file: string, before: Known | undefined) => Promise<number>): Promise<void> {
    const earlier = this.landing.get(file);
    const before = earlier?.known ?? this.recall(file);
    this.forget(file);
    const landed = (earlier?.landed.catch(() => undefined) ?? Promise.resolve()).then(async () => {
      known.size = await write(file, before);
    });
    const landing = { known, landed };
    this.landing.set(file, landing);
    const settle = (ok: boolean): void => {
      if (this.landing.get(file) !== landing) return;
      this.landing.delete(file);
      // After a failed write, reads go back to the file.
      if (ok) this.remember(file, known);
    };
    landed.then(
      () => settle(true),
      () => settle(false),
    );
    return landed;
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
        if (this.landing.has(file)) continue;
        const text = this.known.get(file)?.text ?? (await readFile(file, 'utf8').catch(() => undefined));
        if (text === undefined || !this.expired(text)) continue;
        // Checked again and deleted in one synchronous step, with no change on its way meanwhile.
        if (this.landing.has(file)) continue;
        const again = this.known.has(file) ? this.known.get(file)!.text : readIfThere(file);
        if (again === undefined || !this.expired(again)) continue;
        this.forget(file);
        this.release(file);
        rmSync(file, { force: true });
        deleted += 1;
      }
    }
    return deleted;
  }

  /** Waits for a sweep in progress and for every change on its way to a file, then closes the files kept open. */
  async close(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
    await Promise.allSettled([...this.landing.values()].map((landing) => landing.landed));
    for (const file of [...this.descriptors.keys()]) this.release(file);
  }

  /**
   * Writes the bytes over the file's old ones in one call, padded to its size (`size` when known), through its
   * descriptor kept open since the last write or a new one; resolves with the size. A missing file is created.
   */
  private async overwrite(file: string, bytes: Buffer, size?: number): Promise<number> {
    let fd = this.descriptors.get(file);
    this.descriptors.delete(file);
    if (fd === undefined) {
      try {
        fd = await openFile(file, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return await this.create(file, bytes);
      }
    }
    return await this.writeKeeping(file, fd, bytes, size);
  }

  /** A new file with the bytes, padded (its folder made if missing), kept open; resolves with its size. */
  private async create(file: string, bytes: Buffer): Promise<number> {
    // Its file is gone, so a descriptor still kept for it (none should be) would only be leaked by the new one.
    this.release(file);
    let fd;
    try {
      fd = await openFile(file, 'w');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(path.dirname(file), { recursive: true });
      fd = await openFile(file, 'w');
    }
    return await this.writeKeeping(file, fd, bytes, 0);
  }

  /**
   * Writes the bytes at the start of the open file, padded to its size (`size` when known), then keeps its descriptor
   * for the next write (closing the least recently written beyond OPEN_FILES), or closes it when the write fails;
   * resolves with the size.
   */
  private async writeKeeping(file: string, fd: number, bytes: Buffer, size?: number): Promise<number> {
    let length;
    try {
      const out = padded(bytes, size ?? fstatSync(fd).size);
      // One call writes a small buffer whole to a local file; a short count (a full disk) is a failed write.
      if (writeSync(fd, out, 0, out.length, 0) !== out.length) throw new Error(`short write to ${file}`);
      length = out.length;
    } catch (error) {
      await closeFile(fd).catch(() => undefined);
      throw error;
    }
    this.descriptors.set(file, fd);
    for (const [oldest] of this.descriptors) {
      if (this.descriptors.size <= OPEN_FILES) break;
      this.release(oldest);
    }
    return length;
  }

  /** Closes the file's descriptor kept open, if any (none kept is in use: see `writeKeeping`). */
  private release(file: string): void {
    const fd = this.descriptors.get(file);
    if (fd === undefined) return;
    this.descriptors.delete(file);
    closeSync(fd);
  }

  private expired(text: string): boolean {
    const expires = this.expiresOf(text);
    return expires !== undefined && expires <= this.clock().getTime();
  }

  /** The file's entry, now the most recently used. */
  private recall(file: string): Known | undefined {
    const known = this.known.get(file);
    if (known) {
      this.known.delete(file);
      this.known.set(file, known);
    }
    return known;
  }

  private remember(file: string, known: Known): void {
    this.forget(file);
    const chars = ENTRY_CHARS + (known.text?.length ?? 0);
    if (chars > this.knownChars) return;
    this.known.set(file, known);
    this.knownSize += chars;
    for (const [oldest, entry] of this.known) {
      if (this.knownSize <= this.knownChars) break;
      this.known.delete(oldest);
      this.knownSize -= ENTRY_CHARS + (entry.text?.length ?? 0);
    }
  }

  private forget(file: string): void {
    const known = this.known.get(file);
    if (!known) return;
    this.known.delete(file);
    this.knownSize -= ENTRY_CHARS + (known.text?.length ?? 0);
  }

  private fileOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, hash.slice(0, 2), hash.slice(0, 32));
  }
}

/** The text's bytes followed by spaces up to `size`, or up to the next BLOCK boundary when the text is longer. */
function padded(bytes: Buffer, size: number): Buffer {
  const length = Math.max(size, Math.ceil(bytes.length / BLOCK) * BLOCK);
  const out = Buffer.alloc(length, 0x20);
  bytes.copy(out);
  return out;
}

/** A file's text without the padding `replace` adds (texts stored here never end in spaces of their own). */
function unpadded(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end -= 1;
  return text.slice(0, end);
}

function readIfThere(file: string): string | undefined {
  try {
    return unpadded(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function bytesIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return undefined;
  }
}

async function names(folder: string): Promise<string[]> {
  return await readdir(folder).catch(() => [] as string[]);
}
