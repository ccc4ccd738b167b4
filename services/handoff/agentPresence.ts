import type { Collection, DocumentStore } from '../store/documentStore.ts';
import type { StaffMember } from '../staff/staffDirectory.ts';

export type Presence = 'online' | 'away' | 'offline';
export const presences: readonly Presence[] = ['online', 'away', 'offline'];

/** How many conversations an agent holds at once unless set otherwise. */
export const DEFAULT_MAX_CHATS = 3;

export interface AgentStatus extends StaffMember {
  presence: Presence;
  maxChats: number;
}

interface PresenceDoc extends AgentStatus {
  _id: string;
  since: Date;
}

/**
 * Agents' presence in the store's 'agentPresence' collection, so every instance offers conversations to
 * the same agents. An agent appears here from the first login; only 'online' agents are offered conversations.
 */
export class AgentPresence {
  private constructor(private readonly docs: Collection<PresenceDoc>) {}

  static async open(store: DocumentStore): Promise<AgentPresence> {
    return new AgentPresence(await store.collection<PresenceDoc>('agentPresence', { indexes: [{ fields: { presence: 1 } }] }));
  }

  /** Records who the agent is (at login) without changing their presence; new agents start offline. */
  async register(member: StaffMember, at: Date): Promise<AgentStatus> {
    await this.docs.updateOne(
      { _id: member.id },
      { $set: { id: member.id, name: member.name, role: member.role }, $setOnInsert: { presence: 'offline', maxChats: DEFAULT_MAX_CHATS, since: at } },
      { upsert: true },
    );
    return (await this.get(member.id))!;
  }

  async set(agentId: string, presence: Presence, at: Date): Promise<void> {
    await this.docs.updateOne({ _id: agentId }, { $set: { presence, since: at } });
  }

  async get(agentId: string): Promise<AgentStatus | undefined> {
    const doc = await this.docs.findOne({ _id: agentId });
    return doc ? toStatus(doc) : undefined;
  }

  async list(): Promise<AgentStatus[]> {
    return (await this.docs.find({}, { sort: { _id: 1 } })).map(toStatus);
  }

  async online(): Promise<AgentStatus[]> {
    return (await this.docs.find({ presence: 'online' }, { sort: { _id: 1 } })).map(toStatus);
  }
}

const toStatus = (doc: PresenceDoc): AgentStatus => ({
  id: doc.id,
  name: doc.name,
  role: doc.role,
  presence: doc.presence,
  maxChats: doc.maxChats,
});
