import { randomBytes } from 'node:crypto';
import { DuplicateKeyError } from '../../services/errors.ts';
import type { Clock, Collection, Doc, DocumentStore } from '../../services/store/documentStore.ts';
import { activityId } from './channelActivity.ts';
import type { ChannelActivity } from './channelActivity.ts';

/** A Direct Line conversation: who it belongs to. Expires a day after its last activity. */
export interface ConversationDoc extends Doc {
  userId: string;
  tenant: string;
  locale?: string;
  expiresAt: Date;
}

/**
 * A stored activity. The activity is kept as JSON text: card payloads carry keys such as `$schema` that
 * document stores refuse as field names, and the channel never queries inside an activity anyway.
 */
interface ActivityDoc extends Doc {
  conversationId: string;
  seq: number;
  json: string;
  expiresAt: Date;
}

/** How long a conversation and its activities outlive their last activity. */
export const CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;
/** Most activities one GET returns; the watermark lets the client fetch the rest. */
const PAGE_SIZE = 500;
/** Another instance sharing the store may take the same sequence number; try the next one. */
const MAX_SEQ_ATTEMPTS = 5;

/** Called inside the conversation's write order, so listeners see activities in sequence order. */
export type AppendListener = (conversationId: string, activity: ChannelActivity, seq: number) => void;

/** Conversations and their ordered activity logs, kept in the document store. */
export class ConversationStore {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Collections are opened on use (cheap once opened), so registering the routes needs no await. */
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly onAppend: AppendListener,
  ) {}

  async create(owner: { userId: string; tenant: string; locale?: string }): Promise<ConversationDoc> {
    const conversation: ConversationDoc = { _id: randomBytes(16).toString('base64url'), ...owner, expiresAt: this.expiry() };
    const conversations = await this.conversations();
    await conversations.insertOne(conversation);
    return conversation;
  }

  async get(conversationId: string): Promise<ConversationDoc | null> {
    const conversations = await this.conversations();
    return await conversations.findOne({ _id: conversationId });
  }

  /** Gives the activity the conversation's next id, stores it, and tells the listener. */
  async append(conversationId: string, build: (id: string) => ChannelActivity): Promise<ChannelActivity> {
    const conversations = await this.conversations();
    const activities = await this.activities();
    return await this.inOrder(conversationId, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const seq = (await this.lastSeq(conversationId)) + 1;
        const activity = build(activityId(conversationId, seq));
        const expiresAt = this.expiry();
        try {
          const json = JSON.stringify(activity);
          await activities.insertOne({ _id: activity.id, conversationId, seq, json, expiresAt });
        } catch (error) {
          if (error instanceof DuplicateKeyError && attempt < MAX_SEQ_ATTEMPTS) continue;
          throw error;
        }
        await conversations.updateOne({ _id: conversationId }, { $set: { expiresAt } });
        this.onAppend(conversationId, activity, seq);
        return activity;
      }
    });
  }

  /** Activities after the watermark (a sequence number; 0 = from the start), oldest first. */
  async listAfter(conversationId: string, watermark: number): Promise<{ activities: ChannelActivity[]; watermark: number }> {
    const activities = await this.activities();
    const docs = await activities.find(
      { conversationId, seq: { $gt: watermark } },
      { sort: { seq: 1 }, limit: PAGE_SIZE },
    );
    const last = docs.at(-1)?.seq ?? watermark;
    return { activities: docs.map((doc) => JSON.parse(doc.json) as ChannelActivity), watermark: last };
  }

  private async lastSeq(conversationId: string): Promise<number> {
    const activities = await this.activities();
    const [last] = await activities.find({ conversationId }, { sort: { seq: -1 }, limit: 1 });
    return last?.seq ?? 0;
  }

  private async conversations(): Promise<Collection<ConversationDoc>> {
    return await this.store.collection<ConversationDoc>('dlConversations', { ttlField: 'expiresAt' });
  }

  private async activities(): Promise<Collection<ActivityDoc>> {
    return await this.store.collection<ActivityDoc>('dlActivities', {
      ttlField: 'expiresAt',
      indexes: [{ fields: { conversationId: 1, seq: 1 } }],
    });
  }

  private expiry(): Date {
    return new Date(this.clock().getTime() + CONVERSATION_TTL_MS);
  }

  /*
   * Appends to one conversation run one after another in this process, so sequence numbers follow arrival
   * order and a poller never sees activity n+1 stored before activity n.
   */
  private async inOrder<R>(key: string, task: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
