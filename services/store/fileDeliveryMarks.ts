import { DELIVERY_REMEMBERED_MS } from './deliveryMarks.ts';
import type { DeliveryMarks } from './deliveryMarks.ts';
import type { Clock } from './documentStore.ts';
import { KeyedFiles } from './keyedFiles.ts';

/** Expired marks a conversation's file may hold before a claim rewrites it without them. */
const COMPACT_AFTER = 64;

/**
 * The embedded mode's delivery marks (one process per DATA_DIR). A turn in progress is claimed in memory: the
 * set holds only the turns running now, and a crash forgets them, so the channel's retry after a restart runs.
 * A finished turn is a line (`<key> <ms>`) appended to its conversation's file under `DATA_DIR/deliveries`
 * (KeyedFiles), remembered a day by the injected clock; a claim reads that one small file (or KeyedFiles' memory of
 * it, when the conversation had a turn lately). A turn that threw is
 * released: a retry may run it again, as after a crash. Files whose last mark expired are swept (at open, then
 * at most hourly); a long-lived conversation's file (Teams keeps one per user) is rewritten without its expired marks.
 */
export class FileDeliveryMarks implements DeliveryMarks {
  private readonly running = new Set<string>();
  private readonly files: KeyedFiles;

  /** `knownChars`: how much of the recently used conversations' marks KeyedFiles keeps in memory (its default unless given). */
  constructor(
    dir: string,
    private readonly clock: Clock,
    knownChars?: number,
  ) {
    this.files = new KeyedFiles(
      dir,
      clock,
      (text) => {
        const last = Math.max(...marksOf(text).map((mark) => mark.at));
        return Number.isFinite(last) ? last + DELIVERY_REMEMBERED_MS : 0;
      },
      knownChars,
    );
  }

  async open(): Promise<void> {
    this.files.open();
  }

  /** Checked and claimed in one synchronous step: of concurrent claims, the first wins. */
  async claim(conversation: string, key: string): Promise<boolean> {
    if (this.running.has(key)) return false;
    const now = this.clock().getTime();
    const marks = marksOf(this.files.read(conversation) ?? '');
    const live = marks.filter((mark) => mark.at + DELIVERY_REMEMBERED_MS > now);
    if (live.some((mark) => mark.key === key)) return false;
    this.running.add(key);
    if (marks.length - live.length >= COMPACT_AFTER) {
      try {
        await (live.length === 0 ? this.files.remove(conversation) : this.files.replace(conversation, live.map(lineOf).join('')));
      } catch (error) {
        this.running.delete(key);
        throw error;
      }
    }
    return true;
  }

  /** The mark is seen by claims here at once (the turn is no longer running), and resolves once in the file. */
  async done(conversation: string, key: string): Promise<void> {
    const written = this.files.append(conversation, lineOf({ key, at: this.clock().getTime() }));
    this.running.delete(key);
    this.files.sweepIfDue();
    await written;
  }

  async failed(_conversation: string, key: string): Promise<void> {
    this.running.delete(key);
  }

  async close(): Promise<void> {
    await this.files.close();
  }
}

interface Mark {
  key: string;
  at: number;
}

function lineOf(mark: Mark): string {
  return `${mark.key} ${mark.at}\n`;
}

/** A line that is not a mark (cut short by a full disk) is skipped. */
function marksOf(text: string): Mark[] {
  return text.split('\n').flatMap((line) => {
    const match = /^(\S+) (\d+)$/.exec(line);
    return match ? [{ key: match[1]!, at: Number(match[2]) }] : [];
  });
}
