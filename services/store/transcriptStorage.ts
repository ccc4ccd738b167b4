/**
 * botbuilder's `TranscriptStore` on top of our DocumentStore: what agents see of a conversation, and
 * what support keeps. Like botStateStorage.ts, it adapts a botbuilder interface to our port, which
 * is why it may import botbuilder.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, Attachment, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { systemClock } from './documentStore.ts';
import type { Clock, DocumentStore } from './documentStore.ts';
import { DocumentTranscriptLog } from './documentTranscriptLog.ts';
import type { TranscriptLine, TranscriptLog } from './transcriptLog.ts';

export type Redact = (activity: Partial<Activity>) => Partial<Activity>;

const PAGE_SIZE = 20;

/** How long support keeps a transcript: each line expires this long after it was logged (TTL, both stores). */
export const TRANSCRIPT_RETENTION_DAYS = 30;
const RETENTION_MS = TRANSCRIPT_RETENTION_DAYS * 24 * 60 * 60_000;
/** How often expired transcripts are looked for (where the backend has no TTL index of its own). */
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Pages hold 20 items in time order; `continuationToken` is the id of the last item of a full page
 * with more to come, and `''` on the last page (the interface types it as a string).
 *
 * Lines go to a TranscriptLog: the document store's collections (MongoDB), or one file per conversation
 * (the embedded mode). The activities a turn logs (botbuilder's middleware logs them all at the end of the
 * turn, without awaiting) are written as one batch. Cards are kept as their plain-text fallback, which is
 * all the agent console shows (bot/agentConsole/transcriptView.ts); a card's JSON was most of a transcript.
 */
export class StoreTranscriptStore implements TranscriptStore {
  private readonly log: TranscriptLog;

  /** `target`: a TranscriptLog, or a DocumentStore whose collections hold the transcripts. */
  constructor(
    target: DocumentStore | TranscriptLog,
    private readonly redact: Redact,
    private readonly clock: Clock = systemClock,
  ) {
    this.log = 'collection' in target ? new DocumentTranscriptLog(target) : target;
  }

  /** Writes in progress: TranscriptLoggerMiddleware does not await them, so a shutdown must. */
  private readonly pending = new Set<Promise<void>>();
  /** Lines waiting for the next write (this turn's, and those of turns ending in the same tick). */
  private batch: TranscriptLine[] = [];
  private batchWritten: Promise<void> | undefined;
  private lastSweep = 0;

  /** Opens the backend (collections and indexes, or the folder) and removes expired transcripts: call it at start. */
  async open(): Promise<void> {
    await this.log.open();
    await this.sweep();
  }

  /** Resolves when every write started so far has finished (successfully or not), and releases open files. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.log.close();
  }

  /** Redacts first (DESIGN.md: secrets never reach a transcript), then writes with the rest of its batch. */
  async logActivity(activity: Activity): Promise<void> {
    // The id is taken before any await: the middleware logs a turn's activities in order without awaiting.
    const id = sequentialId();
    const redacted = this.redact(slim(activity));
    const channelId = redacted.channelId;
    const conversationId = redacted.conversation?.id;
    if (!channelId || !conversationId) throw new Error('a transcript activity needs a channelId and a conversation id');
    const timestamp = redacted.timestamp ? new Date(redacted.timestamp) : this.clock();
    this.batch.push({ id, channelId, conversationId, timestamp, activity: JSON.stringify(redacted) });
    const write = (this.batchWritten ??= this.writeBatchSoon());
    this.pending.add(write);
    try {
      await write;
    } finally {
      this.pending.delete(write);
    }
  }

  /** After the current tick, so a turn's activities (logged in one synchronous loop) share a write. */
  private async writeBatchSoon(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const lines = this.batch;
    this.batch = [];
    this.batchWritten = undefined;
    await this.log.append(lines, new Date(this.clock().getTime() + RETENTION_MS));
    if (this.clock().getTime() - this.lastSweep >= SWEEP_EVERY_MS) {
      const sweep = this.sweep();
      this.pending.add(sweep);
      void sweep.finally(() => this.pending.delete(sweep));
    }
  }

  private async sweep(): Promise<void> {
    this.lastSweep = this.clock().getTime();
    await this.log.sweep(this.clock());
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const lines = await this.log.lines(channelId, conversationId, {
      ...(continuationToken ? { afterId: continuationToken } : {}),
      ...(startDate ? { from: startDate } : {}),
      limit: PAGE_SIZE + 1,
      now: this.clock(),
    });
    return page(lines, toActivity, (line) => line.id);
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const conversations = await this.log.conversations(channelId, {
      ...(continuationToken ? { afterConversationId: continuationToken } : {}),
      limit: PAGE_SIZE + 1,
      now: this.clock(),
    });
    return page(conversations, (info) => ({ channelId, id: info.conversationId, created: info.created }), (info) => info.conversationId);
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await this.log.delete(channelId, conversationId);
  }
}

/**
 * A copy to redact and keep: the activity's own fields (a fresh object, so the hook may edit it), with each
 * attachment reduced to its type, name and the card's plain-text fallback and title.
 */
function slim(activity: Activity): Partial<Activity> {
  const copy = JSON.parse(JSON.stringify({ ...activity, attachments: undefined })) as Partial<Activity>;
  // A channel's activity is untrusted input: only an array of objects is an attachment list.
  if (Array.isArray(activity.attachments)) {
    copy.attachments = activity.attachments.filter((attachment): attachment is Attachment => typeof attachment === 'object' && attachment !== null).map(slimAttachment);
  }
  return copy;
}

function slimAttachment(attachment: Attachment): Attachment {
  const content = attachment.content as { fallbackText?: unknown; title?: unknown } | undefined;
  const kept: Record<string, string> = {};
  if (typeof content?.fallbackText === 'string') kept.fallbackText = content.fallbackText;
  if (typeof content?.title === 'string') kept.title = content.title;
  return { contentType: attachment.contentType, ...(attachment.name ? { name: attachment.name } : {}), content: kept };
}

function page<D, T>(docs: D[], item: (doc: D) => T, token: (doc: D) => string): PagedResult<T> {
  const items = docs.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  return { items: items.map(item), continuationToken: docs.length > PAGE_SIZE && last ? token(last) : '' };
}

function toActivity(line: TranscriptLine): Activity {
  const activity = JSON.parse(line.activity) as Activity;
  activity.timestamp = line.timestamp;
  if (activity.localTimestamp) activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}

let lastMs = 0;
let sequence = 0;
/** Tells this process's ids from other instances' (drawn once: a random draw per id was a visible cost). */
const processTag = randomBytes(4).toString('hex');

/** Ids that sort in logging order within this process, so activities with the same timestamp keep their order. */
function sequentialId(): string {
  const ms = Math.max(Date.now(), lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  lastMs = ms;
  return `${ms.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${processTag}`;
}
