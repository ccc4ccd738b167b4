import type { StaffMember } from '../staff/staffDirectory.ts';
import type { Clock } from '../store/documentStore.ts';
import type { Tenant } from '../tenants/tenant.ts';
import type { AgentPresence, AgentStatus } from './agentPresence.ts';
import { isWithinHours } from './agentHours.ts';
import type { HandoffRecord } from './handoffRecord.ts';
import type { Change, QueueRequest, StoreHandoffQueue } from './storeHandoffQueue.ts';
import type { WaitEstimate } from './waitEstimate.ts';

/** Minutes in the queue before the message form is offered, unless the tenant sets handoffWaitMinutes. */
export const DEFAULT_WAIT_MINUTES = 10;
/** Minutes an agent may stay silent in a conversation before it goes back to the bot. */
export const DEFAULT_IDLE_MINUTES = 15;

export type Availability = 'open' | 'closed' | 'nobodyOnline';
export type AcceptRefusal = 'taken' | 'notOnline' | 'atLimit';

export interface Queued {
  record: HandoffRecord;
  position: number;
  /** Whole minutes, or undefined ("a few minutes") until there is enough history. */
  estimateMinutes?: number;
}

export interface SweepResult {
  expired: HandoffRecord[];
  abandoned: HandoffRecord[];
  /** Queued users whose position changed since they were last told. */
  moved: Queued[];
}

const MINUTE_MS = 60_000;

/**
 * The handoff's rules over the store (issue 6 items 1–3): who may be queued, who may accept, the timers.
 * Nothing here lives only in memory; every transition is a compare-and-set in StoreHandoffQueue.
 */
export class Handoffs {
  constructor(
    readonly queue: StoreHandoffQueue,
    readonly presence: AgentPresence,
    private readonly waits: WaitEstimate,
    private readonly clock: Clock,
    private readonly idleMinutes = DEFAULT_IDLE_MINUTES,
  ) {}

  /** Whether a user asking now can be queued: within the tenant's chat hours, with an agent online. */
  async availability(tenant: Tenant): Promise<Availability> {
    if (!isWithinHours(tenant.chatHours, this.clock())) return 'closed';
    return (await this.presence.online()).length > 0 ? 'open' : 'nobodyOnline';
  }

  async request(tenant: Tenant, request: Omit<QueueRequest, 'waitTimeoutMs' | 'tenant'>): Promise<Queued | undefined> {
    const waitTimeoutMs = (tenant.handoffWaitMinutes ?? DEFAULT_WAIT_MINUTES) * MINUTE_MS;
    const record = await this.queue.request({ ...request, tenant: tenant.id, waitTimeoutMs });
    return record ? await this.queuedInfo(record) : undefined;
  }

  async queuedInfo(record: HandoffRecord): Promise<Queued> {
    const position = await this.queue.position(record);
    return { record, position, estimateMinutes: await this.waits.minutesFor(record.tenant, position) };
  }

  /** queued → assigned: exactly one agent wins, and only an online agent under their chat limit may try. */
  async accept(id: string, agent: StaffMember): Promise<HandoffRecord | AcceptRefusal> {
    const refusal = await this.refuseAgent(agent.id);
    if (refusal) return refusal;
    const now = this.clock();
    const record = await this.queue.change(id, (current) => current.state === 'queued' && current.external !== true, () => ({
      $set: { state: 'assigned', agentId: agent.id, agentName: agent.name, assignedAt: now, idleDeadline: this.idleDeadline(now) },
      $unset: { waitDeadline: '' },
    }));
    if (!record) return 'taken';
    const waited = (now.getTime() - (record.queuedAt ?? now).getTime()) / 1000;
    await this.waits.record(record.tenant, waited, record.startPosition ?? 1, now);
    return record;
  }

  /** assigned (to `from`, or any agent for a supervisor) → assigned to `to`, who must be online and under their limit. */
  async transfer(id: string, from: StaffMember, to: AgentStatus): Promise<HandoffRecord | AcceptRefusal | 'notYours'> {
    const refusal = await this.refuseAgent(to.id);
    if (refusal) return refusal;
    const now = this.clock();
    const record = await this.queue.change(id, (current) => ownedBy(current, from), () => ({
      $set: { agentId: to.id, agentName: to.name, assignedAt: now, idleDeadline: this.idleDeadline(now) },
    }));
    return record ?? 'notYours';
  }

  /** assigned → bot; the user is then asked for a rating of this round. */
  async returnToBot(id: string, by: StaffMember): Promise<HandoffRecord | undefined> {
    return await this.queue.change(id, (current) => ownedBy(current, by), (current) => this.ended('returned', { ratingPending: current.round }));
  }

  /** queued → bot, when the user leaves the queue. */
  async cancel(id: string): Promise<HandoffRecord | undefined> {
    return await this.queue.change(id, (current) => current.state === 'queued', () => this.ended('cancelled'));
  }

  /** An agent's message or typing keeps the conversation theirs; returns false when it is not theirs. */
  async agentActive(id: string, agent: StaffMember): Promise<HandoffRecord | undefined> {
    const now = this.clock();
    return await this.queue.change(id, (current) => ownedBy(current, agent), () => ({ $set: { idleDeadline: this.idleDeadline(now), agentTypingAt: now } }));
  }

  async addNote(id: string, by: StaffMember, text: string): Promise<HandoffRecord | undefined> {
    const note = { by: by.name, at: this.clock(), text };
    return await this.queue.change(id, (current) => current.state === 'queued' || current.state === 'assigned', () => ({ $push: { notes: note } }));
  }

  /** Stores the rating of the round the user was asked about, once. */
  async rate(id: string, score: number, comment: string | undefined): Promise<HandoffRecord | undefined> {
    const at = this.clock();
    return await this.queue.change(id, (current) => current.ratingPending !== undefined, (current) => ({
      $push: { ratings: { score, at, ...(comment ? { comment } : {}), ...(current.agentId ? { agentId: current.agentId } : {}) } },
      $unset: { ratingPending: '' },
    }));
  }

  /** Bot Framework handoff.status from an external hub: accepted → assigned; failed/completed → back to the bot. */
  async externalStatus(id: string, status: 'accepted' | 'failed' | 'completed'): Promise<HandoffRecord | undefined> {
    const now = this.clock();
    if (status === 'accepted') {
      return await this.queue.change(id, (current) => current.state === 'queued' && current.external === true, () => ({
        $set: { state: 'assigned', agentId: 'external', agentName: 'external', assignedAt: now },
        $unset: { waitDeadline: '' },
      }));
    }
    return await this.queue.change(id, (current) => current.external === true && (current.state === 'queued' || current.state === 'assigned'), (current) =>
      status === 'failed' ? this.ended('failed') : this.ended('completed', { ratingPending: current.round }),
    );
  }

  /**
   * The timers, run by every instance (issue 6 item 1): past the wait deadline → expired; agent silent past the
   * idle deadline → abandoned; and who moved up in line. Each change is a compare-and-set, so each happens once
   * however many instances sweep at the same time; the caller tells the users what changed.
   */
  async sweep(): Promise<SweepResult> {
    const now = this.clock();
    const expired: HandoffRecord[] = [];
    const abandoned: HandoffRecord[] = [];
    for (const record of await this.queue.inState('queued', { waitDeadline: { $lte: now } })) {
      const changed = await this.queue.change(record._id, (current) => current.state === 'queued' && !!current.waitDeadline && current.waitDeadline <= now, () => this.ended('expired', { state: 'expired' }));
      if (changed) expired.push(changed);
    }
    for (const record of await this.queue.inState('assigned', { idleDeadline: { $lte: now } })) {
      const changed = await this.queue.change(record._id, (current) => current.state === 'assigned' && !!current.idleDeadline && current.idleDeadline <= now, () => this.ended('abandoned', { state: 'abandoned' }));
      if (changed) abandoned.push(changed);
    }
    return { expired, abandoned, moved: await this.moved() };
  }

  private async moved(): Promise<Queued[]> {
    const moved: Queued[] = [];
    const byTenant = new Map<string, number>();
    for (const record of await this.queue.queued()) {
      const position = (byTenant.get(record.tenant) ?? 0) + 1;
      byTenant.set(record.tenant, position);
      if (record.toldPosition === position) continue;
      const told = await this.queue.change(record._id, (current) => current.state === 'queued' && current.toldPosition === record.toldPosition, () => ({ $set: { toldPosition: position } }));
      if (told) moved.push({ record: told, position, estimateMinutes: await this.waits.minutesFor(told.tenant, position) });
    }
    return moved;
  }

  async activeChats(agentId: string): Promise<number> {
    return (await this.queue.assignedTo(agentId)).length;
  }

  private async refuseAgent(agentId: string): Promise<AcceptRefusal | undefined> {
    const status = await this.presence.get(agentId);
    if (status?.presence !== 'online') return 'notOnline';
    if ((await this.activeChats(agentId)) >= status.maxChats) return 'atLimit';
    return undefined;
  }

  private idleDeadline(now: Date): Date {
    return new Date(now.getTime() + this.idleMinutes * MINUTE_MS);
  }

  private ended(outcome: HandoffRecord['outcome'], extra: Record<string, unknown> = {}): Change {
    return {
      $set: { state: 'bot', outcome, endedAt: this.clock(), ...extra },
      $unset: { waitDeadline: '', idleDeadline: '', userTypingAt: '', agentTypingAt: '' },
    };
  }
}

/** The conversation is with this agent; a supervisor may act on any assigned conversation. */
const ownedBy = (record: HandoffRecord, member: StaffMember): boolean =>
  record.state === 'assigned' && record.external !== true && (record.agentId === member.id || member.role === 'supervisor');
