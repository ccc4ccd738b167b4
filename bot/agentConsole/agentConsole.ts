import type { CloudAdapter } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Server } from 'restify';
import { AgentPresence } from '../../services/handoff/agentPresence.ts';
import { Handoffs } from '../../services/handoff/handoffs.ts';
import { StoreHandoffQueue } from '../../services/handoff/storeHandoffQueue.ts';
import { Tickets } from '../../services/handoff/tickets.ts';
import { VerificationRecorder } from '../../services/handoff/verificationRecorder.ts';
import { WaitEstimate } from '../../services/handoff/waitEstimate.ts';
import type { AccountRef, Accounts } from '../../services/accounts/accounts.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { MailQueue } from '../../services/mail/mailQueue.ts';
import type { StaffDirectory } from '../../services/staff/staffDirectory.ts';
import type { Clock, DocumentStore } from '../../services/store/documentStore.ts';
import type { StoreTranscriptStore } from '../../services/store/transcriptStorage.ts';
import type { Tenants } from '../../services/tenants/tenants.ts';
import { registerAgentApi } from './agentApi.ts';
import { AgentSessions } from './agentSessions.ts';
import { ConversationViews } from './conversationViews.ts';
import { HandoffRelay } from './handoffRelay.ts';
import { TicketDesk } from './ticketDesk.ts';

/** How often each instance runs the handoff timers (wait timeout, idle agent, queue positions). */
export const SWEEP_INTERVAL_MS = 5_000;

export interface AgentConsoleDeps {
  store: DocumentStore;
  clock: Clock;
  tenants: Tenants;
  i18n: i18n;
  transcripts: StoreTranscriptStore;
  adapter: CloudAdapter;
  appId: string;
  staff: StaffDirectory;
  accounts: Accounts;
  outbox: MailQueue;
  logger: Logger;
  /** True when PUBLIC_URL is https: the session cookie gets `Secure`. */
  secureCookies: () => boolean;
}

export interface AgentConsole {
  relay: HandoffRelay;
  verifications: VerificationRecorder;
  /** The account's conversations now queued or with an agent, as `<conversation id> (<state>)`: staff status shows them. */
  openCases(account: AccountRef): Promise<string[]>;
  /** The /agent/api/ routes. */
  register(server: Server): void;
  /** Starts this instance's timer sweep (every instance runs one; compare-and-set keeps each change single). */
  startTimers(intervalMs?: number): void;
  stopTimers(): Promise<void>;
}

/** The human handoff's host side, built over the store (issue 6). */
export async function openAgentConsole(deps: AgentConsoleDeps): Promise<AgentConsole> {
  const { store, clock, logger } = deps;
  const queue = await StoreHandoffQueue.open(store, clock);
  const handoffs = new Handoffs(queue, await AgentPresence.open(store), await WaitEstimate.open(store), clock);
  const verifications = await VerificationRecorder.open(store, clock);
  const tickets = new TicketDesk({ tickets: await Tickets.open(store), outbox: deps.outbox, transcripts: deps.transcripts, i18n: deps.i18n, clock });
  const relay = new HandoffRelay({ handoffs, tickets, tenants: deps.tenants, transcripts: deps.transcripts, i18n: deps.i18n, adapter: deps.adapter, appId: deps.appId, logger });
  const sessions = await AgentSessions.open(store, clock);
  const views = new ConversationViews({ handoffs, transcripts: deps.transcripts, verifications, accounts: deps.accounts, clock, logger });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async (): Promise<void> => {
    try {
      await relay.runTimers();
    } catch (error) {
      logger.warn('handoff timers failed; next sweep retries', { error });
    }
  };
  return {
    relay,
    verifications,
    async openCases(account) {
      const conversationId = { $in: await verifications.conversationsOf(account) };
      const open = [...(await queue.inState('queued', { conversationId })), ...(await queue.inState('assigned', { conversationId }))];
      return open.map((record) => `${record.conversationId} (${record.state})`);
    },
    register(server) {
      registerAgentApi(server, { sessions, staff: deps.staff, relay, views, secureCookies: deps.secureCookies(), logger });
    },
    startTimers(intervalMs = SWEEP_INTERVAL_MS) {
      timer = setInterval(() => {
        sweeping = sweeping.then(sweep);
      }, intervalMs);
      timer.unref();
    },
    async stopTimers() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
