/**
 * botbuilder's `TranscriptStore` on top of our DocumentStore: what agents see of a conversation, and
 * what support keeps. Like botStateStorage.ts, it adapts a botbuilder interface to our port, which
 * is why it may import botbuilder.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { systemClock } from './documentStore.ts';
import type { Clock, Collection, Doc, DocumentStore, Filter } from './documentStore.ts';

/** One logged activity: the redacted activity as JSON, plus the fields it is found and ordered by. */
interface ActivityDoc extends Doc {
  channelId: string;
  conversationId: string;
  timestamp: Date;
  activity: string;
}

/** One conversation that has a transcript, so listing does not scan every activity. */
interface ConversationDoc extends Doc {
  channelId: string;
  conversationId: string;
  created: Date;
}

export type Redact = (activity: Partial<Activity>) => Partial<Activity>;

const PAGE_SIZE = 20;

/**
 * Pages hold 20 items in time order; `continuationToken` is the id of the last item of a full page
 * with more to come, and `''` on the last page (the interface types it as a string).
 */
export class StoreTranscriptStore implements TranscriptStore {
  constructor(
    private readonly store: DocumentStore,
    private readonly redact: Redact,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Writes in progress: TranscriptLoggerMiddleware does not await them, so a shutdown must. */
  private readonly pending = new Set<Promise<void>>();

  /** Resolves when every write started so far has finished (successfully or not). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Redacts first (DESIGN.md: secrets never reach a transcript), then writes. */
  async logActivity(activity: Activity): Promise<void> {
    const write = this.write(activity);
    this.pending.add(write);
    try {
      await write;
    } finally {
      this.pending.delete(write);
    }
  }

  private async write(activity: Activity): Promise<void> {
    // The id is taken before any await: the middleware logs a turn's activities in order without awaiting.
    const _id = sequentialId();
    const redacted = this.redact(JSON.parse(JSON.stringify(activity)) as Partial<Activity>);
    const channelId = redacted.channelId;
    const conversationId = redacted.conversation?.id;
    if (!channelId || !conversationId) throw new Error('a transcript activity needs a channelId and a conversation id');
    const timestamp = redacted.timestamp ? new Date(redacted.timestamp) : this.clock();
    await (await this.activities()).insertOne({ _id, channelId, conversationId, timestamp, activity: JSON.stringify(redacted) });
    await (await this.conversations()).updateOne(
      { _id: conversationKey(channelId, conversationId) },
      { $setOnInsert: { channelId, conversationId, created: timestamp } },
      { upsert: true },
    );
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const activities = await this.activities();
    const scope: Filter[] = [{ channelId, conversationId }];
    if (startDate) scope.push({ timestamp: { $gte: startDate } });
    if (continuationToken) {
      const last = await activities.findOne({ _id: continuationToken, channelId, conversationId });
      if (!last) return { items: [], continuationToken: '' };
      scope.push(after('timestamp', last.timestamp, last._id));
    }
    const docs = await activities.find({ $and: scope }, { sort: { timestamp: 1, _id: 1 }, limit: PAGE_SIZE + 1 });
    return page(docs, toActivity, (doc) => doc._id);
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const conversations = await this.conversations();
    const scope: Filter[] = [{ channelId }];
    if (continuationToken) {
      const last = await conversations.findOne({ _id: conversationKey(channelId, continuationToken) });
      if (!last) return { items: [], continuationToken: '' };
      scope.push(after('created', last.created, last._id));
    }
    const docs = await conversations.find({ $and: scope }, { sort: { created: 1, _id: 1 }, limit: PAGE_SIZE + 1 });
    return page(docs, (doc) => ({ channelId, id: doc.conversationId, created: doc.created }), (doc) => doc.conversationId);
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    await (await this.activities()).deleteMany({ channelId, conversationId });
    await (await this.conversations()).deleteMany({ _id: conversationKey(channelId, conversationId) });
  }

  private async activities(): Promise<Collection<ActivityDoc>> {
    return await this.store.collection<ActivityDoc>('transcripts', {
      indexes: [{ fields: { channelId: 1, conversationId: 1, timestamp: 1 } }],
    });
  }

  private async conversations(): Promise<Collection<ConversationDoc>> {
    return await this.store.collection<ConversationDoc>('transcriptConversations', {
      indexes: [{ fields: { channelId: 1, created: 1 } }],
    });
  }
}

function page<D, T>(docs: D[], item: (doc: D) => T, token: (doc: D) => string): PagedResult<T> {
  const items = docs.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  return { items: items.map(item), continuationToken: docs.length > PAGE_SIZE && last ? token(last) : '' };
}

/** Keyset paging: everything after (`value`, `_id`) in (field, _id) order. */
function after(field: string, value: Date, id: string): Filter {
  return { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] };
}

function toActivity(doc: ActivityDoc): Activity {
  const activity = JSON.parse(doc.activity) as Activity;
  activity.timestamp = doc.timestamp;
  if (activity.localTimestamp) activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}

/** Channel ids never contain '/', so the first '/' separates the two parts. */
function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/${conversationId}`;
}

let lastMs = 0;
let sequence = 0;

/** Ids that sort in logging order within this process, so activities with the same timestamp keep their order. */
function sequentialId(): string {
  const ms = Math.max(Date.now(), lastMs);
  sequence = ms === lastMs ? sequence + 1 : 0;
  lastMs = ms;
  return `${ms.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
