import { systemClock } from '../store/documentStore.ts';
import type { Clock, Collection, DocumentStore, Update } from '../store/documentStore.ts';
import { handoffIdOf, isLive } from './handoffRecord.ts';
import type { HandoffRecord, HandoffState } from './handoffRecord.ts';

/** What the bot knows when a user asks for a person. */
export interface QueueRequest {
  tenant: string;
  channelId: string;
  conversationId: string;
  reference: string;
  locale: 'ja' | 'en';
  intent?: string;
  steps: string[];
  waitTimeoutMs: number;
  external?: boolean;
}

/** A change to apply when the guard holds; `version` is bumped by the queue. */
export type Change = Pick<Update, '$set' | '$unset' | '$push'>;

/** Tries before a compare-and-set gives up: each retry means another instance changed the record in between. */
const CAS_TRIES = 8;

/**
 * The handoff records in the store's 'handoffs' collection. Every state change is a compare-and-set
 * on `version` (read, check, write only if nobody wrote since), so concurrent agents, instances and
 * timer sweeps never both win the same transition.
 */
export class StoreHandoffQueue {
  private constructor(
    private readonly records: Collection<HandoffRecord>,
    readonly clock: Clock,
  ) {}

  static async open(store: DocumentStore, clock: Clock = systemClock): Promise<StoreHandoffQueue> {
    const records = await store.collection<HandoffRecord>('handoffs', {
      indexes: [{ fields: { state: 1, tenant: 1, queuedAt: 1 } }, { fields: { agentId: 1, state: 1 } }],
    });
    return new StoreHandoffQueue(records, clock);
  }

  async get(id: string): Promise<HandoffRecord | undefined> {
    return (await this.records.findOne({ _id: id })) ?? undefined;
  }

  async ofConversation(channelId: string, conversationId: string): Promise<HandoffRecord | undefined> {
    return await this.get(handoffIdOf(channelId, conversationId));
  }

  /** bot (or expired/abandoned) → queued. Undefined when the conversation is already queued or with an agent. */
  async request(request: QueueRequest): Promise<HandoffRecord | undefined> {
    const _id = handoffIdOf(request.channelId, request.conversationId);
    const now = this.clock();
    await this.records.updateOne(
      { _id },
      {
        $setOnInsert: { state: 'bot', version: 0, round: 0, notes: [], steps: [], ratings: [] },
        $set: { tenant: request.tenant, channelId: request.channelId, conversationId: request.conversationId },
      },
      { upsert: true },
    );
    const position = (await this.queued([request.tenant])).length + 1;
    return await this.change(_id, (record) => !isLive(record.state), (record) => ({
      $set: {
        state: 'queued',
        round: record.round + 1,
        reference: request.reference,
        locale: request.locale,
        queuedAt: now,
        startPosition: position,
        toldPosition: position,
        waitDeadline: new Date(now.getTime() + request.waitTimeoutMs),
        steps: request.steps,
        external: request.external === true,
        notes: [],
        ...(request.intent ? { intent: request.intent } : {}),
      },
      $unset: { agentId: '', agentName: '', assignedAt: '', idleDeadline: '', outcome: '', endedAt: '', ratingPending: '', userTypingAt: '', agentTypingAt: '' },
    }));
  }

  /**
   * Applies `change` if `guard` holds on the current record, by compare-and-set; retries when another
   * writer got in between. Undefined when the record is missing or the guard fails.
   */
  async change(id: string, guard: (record: HandoffRecord) => boolean, change: (record: HandoffRecord) => Change): Promise<HandoffRecord | undefined> {
    for (let attempt = 0; attempt < CAS_TRIES; attempt += 1) {
      const record = await this.get(id);
      if (!record || !guard(record)) return undefined;
      const update = change(record);
      const result = await this.records.updateOne({ _id: id, version: record.version }, { ...update, $inc: { version: 1 } });
      if (result.matched === 1) return await this.get(id);
    }
    throw new Error(`handoff ${id}: compare-and-set kept failing`);
  }

  /** Fields that are not part of the state machine (typing times, the conversation reference): no version check. */
  async touch(id: string, fields: Partial<Pick<HandoffRecord, 'userTypingAt' | 'agentTypingAt' | 'reference'>>): Promise<void> {
    await this.records.updateOne({ _id: id }, { $set: fields });
  }

  /** Queued conversations of the tenants (all tenants when omitted), first come first served; console ones only. */
  async queued(tenants?: readonly string[]): Promise<HandoffRecord[]> {
    const filter = { state: 'queued', external: { $ne: true }, ...(tenants ? { tenant: { $in: [...tenants] } } : {}) };
    return await this.records.find(filter, { sort: { queuedAt: 1, startPosition: 1, _id: 1 } });
  }

  /** 1 for the first in line of its tenant. */
  async position(record: HandoffRecord): Promise<number> {
    const line = await this.queued([record.tenant]);
    const index = line.findIndex((queued) => queued._id === record._id);
    return index < 0 ? 0 : index + 1;
  }

  async inState(state: HandoffState, filter: Record<string, unknown> = {}): Promise<HandoffRecord[]> {
    return await this.records.find({ state, ...filter }, { sort: { queuedAt: 1, _id: 1 } });
  }

  async assignedTo(agentId: string): Promise<HandoffRecord[]> {
    return await this.inState('assigned', { agentId });
  }
}
