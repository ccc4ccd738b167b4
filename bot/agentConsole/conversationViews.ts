import type { ConversationReference } from 'botbuilder';
import type { Accounts } from '../../services/accounts/accounts.ts';
import type { Handoffs } from '../../services/handoff/handoffs.ts';
import type { HandoffRecord } from '../../services/handoff/handoffRecord.ts';
import type { VerificationRecorder } from '../../services/handoff/verificationRecorder.ts';
import type { Logger } from '../../services/log/logger.ts';
import { redactText } from '../../services/redaction/redact.ts';
import type { StaffMember } from '../../services/staff/staffDirectory.ts';
import type { Clock } from '../../services/store/documentStore.ts';
import type { StoreTranscriptStore } from '../../services/store/transcriptStorage.ts';
import { readTranscript } from './transcriptView.ts';

const PREVIEW_LENGTH = 80;

/** The JSON the agent API answers with (agentApi.md), built from the handoff records and the transcript. */
export class ConversationViews {
  constructor(
    private readonly deps: {
      handoffs: Handoffs;
      transcripts: StoreTranscriptStore;
      verifications: VerificationRecorder;
      accounts: Accounts;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Staff serve every tenant (StaffMember has no tenant list yet); a supervisor also sees others' chats. */
  mayView(member: StaffMember, record: HandoffRecord): boolean {
    if (record.state === 'queued') return true;
    return record.agentId === member.id || member.role === 'supervisor';
  }

  /** The queue (offered to online agents only) and the agent's own conversations. */
  async list(member: StaffMember) {
    const { handoffs } = this.deps;
    const online = (await handoffs.presence.get(member.id))?.presence === 'online';
    const queued = online ? await handoffs.queue.queued() : [];
    const mine = await handoffs.queue.assignedTo(member.id);
    const positions = new Map<string, number>();
    const conversations = [];
    for (const record of [...queued, ...mine]) {
      const position = record.state === 'queued' ? (positions.get(record.tenant) ?? 0) + 1 : 0;
      if (record.state === 'queued') positions.set(record.tenant, position);
      conversations.push({ ...this.summary(record), position, preview: await this.preview(record) });
    }
    return conversations;
  }

  summary(record: HandoffRecord) {
    const queuedAt = record.queuedAt ?? this.deps.clock();
    const waitEnd = record.state === 'queued' ? this.deps.clock() : (record.assignedAt ?? this.deps.clock());
    return {
      id: record._id,
      tenant: record.tenant,
      state: record.state,
      locale: record.locale,
      queuedAt: queuedAt.toISOString(),
      waitSeconds: Math.max(0, Math.round((waitEnd.getTime() - queuedAt.getTime()) / 1000)),
      ...(record.agentId ? { agentId: record.agentId, agentName: record.agentName } : {}),
      ...(record.intent ? { intent: record.intent } : {}),
    };
  }

  async detail(record: HandoffRecord, viewer: StaffMember) {
    const reference = JSON.parse(record.reference) as ConversationReference;
    const transcript = await readTranscript(this.deps.transcripts, record.channelId, record.conversationId, reference.bot?.id);
    return {
      ...this.summary(record),
      transcript,
      journey: { ...(record.intent ? { intent: record.intent } : {}), steps: record.steps },
      verification: await this.verification(record),
      account: await this.account(record, viewer),
      notes: this.notes(record),
      ...(record.userTypingAt ? { userTypingAt: record.userTypingAt.toISOString() } : {}),
      ...(record.agentTypingAt ? { agentTypingAt: record.agentTypingAt.toISOString() } : {}),
      ratings: record.ratings.map((rating) => ({ ...rating, at: rating.at.toISOString() })),
    };
  }

  notes(record: HandoffRecord) {
    return record.notes.map((note) => ({ by: note.by, at: note.at.toISOString(), text: note.text }));
  }

  async agents() {
    const statuses = await this.deps.handoffs.presence.list();
    return await Promise.all(statuses.map(async (agent) => ({ ...agent, activeChats: await this.deps.handoffs.activeChats(agent.id) })));
  }

  private async verification(record: HandoffRecord) {
    const found = await this.deps.verifications.of(record.conversationId);
    return found ? { passed: found.passed, at: found.at.toISOString(), attempts: found.attempts } : null;
  }

  /** The verified account's status, masked by the account service (staffSummary); null when none was verified. */
  private async account(record: HandoffRecord, viewer: StaffMember) {
    const found = await this.deps.verifications.of(record.conversationId);
    if (!found?.account) return null;
    const actor = { kind: 'staff', staffId: viewer.id, role: viewer.role, conversationId: record.conversationId } as const;
    try {
      return await this.deps.accounts.staffSummary(found.account, actor);
    } catch (error) {
      this.deps.logger.warn('account summary unavailable', { handoff: record._id, error });
      return null;
    }
  }

  private async preview(record: HandoffRecord): Promise<string> {
    const reference = JSON.parse(record.reference) as ConversationReference;
    const transcript = await readTranscript(this.deps.transcripts, record.channelId, record.conversationId, reference.bot?.id);
    const last = transcript.filter((entry) => entry.from === 'user').at(-1);
    return redactText(last?.text ?? '').slice(0, PREVIEW_LENGTH);
  }
}
