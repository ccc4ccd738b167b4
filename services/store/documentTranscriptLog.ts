import type { Collection, Doc, DocumentStore, Filter } from './documentStore.ts';
import type { TranscriptConversation, TranscriptLine, TranscriptLog } from './transcriptLog.ts';

/** One logged activity. */
interface ActivityDoc extends Doc {
  channelId: string;
  conversationId: string;
  timestamp: Date;
  activity: string;
  expiresAt: Date;
}

/** One conversation that has a transcript, so listing does not scan every activity. */
interface ConversationDoc extends Doc {
  channelId: string;
  conversationId: string;
  created: Date;
  /** Moves with every batch: the listing lives as long as the conversation's last line. */
  expiresAt: Date;
}

/**
 * Transcripts in the document store's `transcripts` and `transcriptConversations` collections (MongoDB in
 * production: every instance reads what another wrote). A TTL index on `expiresAt` removes old lines.
 */
export class DocumentTranscriptLog implements TranscriptLog {
  constructor(private readonly store: DocumentStore) {}

  async open(): Promise<void> {
    await this.activities();
    await this.listing();
  }

  async append(lines: readonly TranscriptLine[], expiresAt: Date): Promise<void> {
    const activities = await this.activities();
    const listing = await this.listing();
    const firsts = new Map<string, TranscriptLine>();
    for (const line of lines) if (!firsts.has(conversationKey(line.channelId, line.conversationId))) firsts.set(conversationKey(line.channelId, line.conversationId), line);
    await Promise.all(
      lines.map(async ({ id, ...line }) => await activities.insertOne({ _id: id, ...line, expiresAt })),
    );
    await Promise.all(
      [...firsts].map(async ([_id, first]) =>
        await listing.updateOne(
          { _id },
          { $setOnInsert: { channelId: first.channelId, conversationId: first.conversationId, created: first.timestamp }, $set: { expiresAt } },
          { upsert: true },
        ),
      ),
    );
  }

  async lines(channelId: string, conversationId: string, query: { afterId?: string; from?: Date; limit: number }): Promise<TranscriptLine[]> {
    const activities = await this.activities();
    const scope: Filter[] = [{ channelId, conversationId }];
    if (query.from) scope.push({ timestamp: { $gte: query.from } });
    if (query.afterId) {
      const last = await activities.findOne({ _id: query.afterId, channelId, conversationId });
      if (!last) return [];
      scope.push(after('timestamp', last.timestamp, last._id));
    }
    const docs = await activities.find({ $and: scope }, { sort: { timestamp: 1, _id: 1 }, limit: query.limit });
    return docs.map((doc) => ({ id: doc._id, channelId: doc.channelId, conversationId: doc.conversationId, timestamp: doc.timestamp, activity: doc.activity }));
  }

  async conversations(channelId: string, query: { afterConversationId?: string; limit: number }): Promise<TranscriptConversation[]> {
    const listing = await this.listing();
    const scope: Filter[] = [{ channelId }];
    if (query.afterConversationId !== undefined) {
      const last = await listing.findOne({ _id: conversationKey(channelId, query.afterConversationId) });
      if (!last) return [];
      scope.push(after('created', last.created, last._id));
    }
    const docs = await listing.find({ $and: scope }, { sort: { created: 1, _id: 1 }, limit: query.limit });
    return docs.map((doc) => ({ channelId: doc.channelId, conversationId: doc.conversationId, created: doc.created }));
  }

  async delete(channelId: string, conversationId: string): Promise<void> {
    await (await this.activities()).deleteMany({ channelId, conversationId });
    await (await this.listing()).deleteMany({ _id: conversationKey(channelId, conversationId) });
  }

  async sweep(): Promise<void> {
    // The TTL index removes expired documents; reads already skip them.
  }

  async close(): Promise<void> {
    // The document store is closed by its owner.
  }

  private async activities(): Promise<Collection<ActivityDoc>> {
    return await this.store.collection<ActivityDoc>('transcripts', {
      indexes: [{ fields: { channelId: 1, conversationId: 1, timestamp: 1 } }],
      ttlField: 'expiresAt',
    });
  }

  private async listing(): Promise<Collection<ConversationDoc>> {
    return await this.store.collection<ConversationDoc>('transcriptConversations', {
      indexes: [{ fields: { channelId: 1, created: 1 } }],
      ttlField: 'expiresAt',
    });
  }
}

/** Keyset paging: everything after (`value`, `_id`) in (field, _id) order. */
function after(field: string, value: Date, id: string): Filter {
  return { $or: [{ [field]: { $gt: value } }, { [field]: value, _id: { $gt: id } }] };
}

/** Channel ids never contain '/', so the first '/' separates the two parts. */
function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/${conversationId}`;
}
