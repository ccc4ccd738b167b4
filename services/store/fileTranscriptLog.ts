import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { byTimeThenId } from './transcriptLog.ts';
import type { TranscriptConversation, TranscriptLine, TranscriptLog } from './transcriptLog.ts';

/** The first line of a conversation's file. */
interface Header {
  channelId: string;
  conversationId: string;
  created: number;
}

/** Every later line: one activity (as JSON, not re-quoted), with the time after which it is gone. */
interface Entry {
  id: string;
  at: number;
  expires: number;
  activity: unknown;
}

/**
 * The embedded mode's transcripts: one append-only JSON-lines file per conversation under `DATA_DIR/transcripts`,
 * one folder per channel. Nothing is kept in memory, so memory does not grow with conversations (the embedded
 * document store holds every document in memory; transcripts were most of it, issue 9). A batch is appended with
 * one synchronous write per conversation (a few µs; the promise API's thread-pool round trip costs far more).
 * Files whose last line has expired are deleted by `sweep`; reads skip expired lines before that.
 * One process per DATA_DIR, like the embedded store.
 */
export class FileTranscriptLog implements TranscriptLog {
  /** Descriptors of the files written to last, most recent last: opening a file was most of an append's cost. */
  private readonly descriptors = new Map<string, number>();

  constructor(private readonly dir: string) {}

  async open(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
  }

  async append(lines: readonly TranscriptLine[], expiresAt: Date): Promise<void> {
    const byFile = new Map<string, { first: TranscriptLine; text: string }>();
    for (const line of lines) {
      const file = this.fileOf(line.channelId, line.conversationId);
      const batch = byFile.get(file) ?? { first: line, text: '' };
      // The activity is JSON already: spliced in as it is, rather than quoted into a string.
      batch.text += `{"id":${JSON.stringify(line.id)},"at":${line.timestamp.getTime()},"expires":${expiresAt.getTime()},"activity":${line.activity}}\n`;
      byFile.set(file, batch);
    }
    for (const [file, { first, text }] of byFile) {
      const header: Header = { channelId: first.channelId, conversationId: first.conversationId, created: first.timestamp.getTime() };
      this.appendLines(file, header, text);
    }
  }

  /** Closes the descriptors kept open (the next append reopens what it needs). */
  async close(): Promise<void> {
    for (const fd of this.descriptors.values()) closeSync(fd);
    this.descriptors.clear();
  }

  async lines(channelId: string, conversationId: string, query: { afterId?: string; from?: Date; limit: number; now: Date }): Promise<TranscriptLine[]> {
    const read = await this.read(this.fileOf(channelId, conversationId));
    if (!read) return [];
    const now = query.now.getTime();
    const live = read.entries
      .filter((entry) => entry.expires > now)
      .map((entry): TranscriptLine => ({ id: entry.id, channelId, conversationId, timestamp: new Date(entry.at), activity: JSON.stringify(entry.activity) }))
      .sort(byTimeThenId);
    let start = 0;
    if (query.afterId !== undefined) {
      start = live.findIndex((line) => line.id === query.afterId) + 1;
      if (start === 0) return [];
    }
    const from = query.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    return live.slice(start).filter((line) => line.timestamp.getTime() >= from).slice(0, query.limit);
  }

  /** Reads every file of the channel (for tools and tests; the bot itself never lists transcripts). */
  async conversations(channelId: string, query: { afterConversationId?: string; limit: number; now: Date }): Promise<TranscriptConversation[]> {
    const folder = this.folderOf(channelId);
    const names = await readdir(folder).catch(() => [] as string[]);
    const now = query.now.getTime();
    const all: TranscriptConversation[] = [];
    for (const name of names.filter((file) => file.endsWith('.jsonl'))) {
      const read = await this.read(path.join(folder, name));
      if (!read || !read.entries.some((entry) => entry.expires > now)) continue;
      all.push({ channelId, conversationId: read.header.conversationId, created: new Date(read.header.created) });
    }
    const order = (info: TranscriptConversation): { timestamp: Date; id: string } => ({ timestamp: info.created, id: info.conversationId });
    all.sort((a, b) => byTimeThenId(order(a), order(b)));
    let start = 0;
    if (query.afterConversationId !== undefined) {
      start = all.findIndex((info) => info.conversationId === query.afterConversationId) + 1;
      if (start === 0) return [];
    }
    return all.slice(start, start + query.limit);
  }

  async delete(channelId: string, conversationId: string): Promise<void> {
    const file = this.fileOf(channelId, conversationId);
    this.release(file);
    await rm(file, { force: true });
  }

  /** Deletes the files whose lines have all expired (a line's expiry is never before an earlier line's). */
  async sweep(now: Date): Promise<void> {
    for (const channel of await readdir(this.dir).catch(() => [] as string[])) {
      const folder = path.join(this.dir, channel);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const file = path.join(folder, name);
        const read = await this.read(file);
        if (!read || !read.entries.every((entry) => entry.expires <= now.getTime())) continue;
        // Checked and deleted without yielding (appends are synchronous): a line appended since the read keeps the file.
        if (statSync(file, { throwIfNoEntry: false })?.size !== read.bytes) continue;
        this.release(file);
        rmSync(file, { force: true });
      }
    }
  }

  /** Appends `text` to `file`, after the header when the file is new (the channel's folder too). */
  private appendLines(file: string, header: Header, text: string): void {
    let fd = this.descriptors.get(file);
    let body = text;
    if (fd === undefined) {
      fd = openAppending(file);
      if (fstatSync(fd).size === 0) body = `${JSON.stringify(header)}\n${text}`;
      this.descriptors.set(file, fd);
      if (this.descriptors.size > OPEN_FILES) this.release(this.descriptors.keys().next().value!);
    } else {
      this.descriptors.delete(file);
      this.descriptors.set(file, fd);
    }
    const bytes = Buffer.from(body, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
  }

  private release(file: string): void {
    const fd = this.descriptors.get(file);
    if (fd === undefined) return;
    this.descriptors.delete(file);
    closeSync(fd);
  }

  private async read(file: string): Promise<{ header: Header; entries: Entry[]; bytes: number } | undefined> {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const [first, ...rest] = text.split('\n').filter((line) => line.trim() !== '');
    if (!first) return undefined;
    // A line cut short by a crash mid-write is skipped; the rest of the file is whole.
    const entries = rest.flatMap((line) => {
      try {
        return [JSON.parse(line) as Entry];
      } catch {
        return [];
      }
    });
    return { header: JSON.parse(first) as Header, entries, bytes: Buffer.byteLength(text, 'utf8') };
  }

  private folderOf(channelId: string): string {
    return path.join(this.dir, Buffer.from(channelId).toString('base64url'));
  }

  /** A fixed-length name: conversation ids are long and may hold any character. */
  private fileOf(channelId: string, conversationId: string): string {
    const name = createHash('sha256').update(`${channelId}\n${conversationId}`).digest('base64url').slice(0, 32);
    return path.join(this.folderOf(channelId), `${name}.jsonl`);
  }
}

/** Descriptors kept open: enough for the conversations active at once on one instance at peak. */
const OPEN_FILES = 256;

function openAppending(file: string): number {
  try {
    return openSync(file, 'a');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    return openSync(file, 'a');
  }
}
