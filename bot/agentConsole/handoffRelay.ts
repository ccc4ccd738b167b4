import { ActivityTypes, EventFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { i18n } from 'i18next';
import type { HandoffDesk, HandoffRequest, LeftMessage } from '../../dialogs/handoff/handoffDesk.ts';
import { setTurnHandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import { ratingCard, readRating } from '../../dialogs/handoff/ratingCard.ts';
import { requestedInterruption } from '../../dialogs/shared/interruptionCommand.ts';
import { setTurnTenant, turnLanguage, turnTenant } from '../../dialogs/shared/turnContext.ts';
import type { HandoffRecord } from '../../services/handoff/handoffRecord.ts';
import { redactActivity } from '../../services/redaction/redact.ts';
import type { Handoffs, Queued } from '../../services/handoff/handoffs.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { StoreTranscriptStore } from '../../services/store/transcriptStorage.ts';
import type { Tenants } from '../../services/tenants/tenants.ts';
import { TicketDesk } from './ticketDesk.ts';
import type { AgentMark } from './transcriptView.ts';

/** What the relay needs from the bot: the dialog stack lives there. */
export interface HandoffHost {
  /** The dialog ids (and waterfall steps) active now, outermost first: "the steps the bot already tried". */
  journeyOf(context: TurnContext): Promise<string[]>;
  /** Back with the bot: the interrupted journey step again, or the menu. */
  resume(context: TurnContext): Promise<void>;
  /** Starts the message form (after the wait ran out or an external hub failed). */
  offerForm(context: TurnContext, reason: 'expired' | 'failed'): Promise<void>;
  /** True when no journey is waiting for an answer (a typed "4" then means a rating). */
  idle(context: TurnContext): Promise<boolean>;
  saveState(context: TurnContext): Promise<void>;
}

export interface RelayDeps {
  handoffs: Handoffs;
  tickets: TicketDesk;
  tenants: Tenants;
  transcripts: StoreTranscriptStore;
  i18n: i18n;
  adapter: CloudAdapter;
  /** MicrosoftAppId, or '' in local mode: proactive messages are sent as this bot. */
  appId: string;
  logger: Logger;
}

/**
 * The live part of the handoff (issue 6 items 3, 5, 6, 7): queues users, keeps their messages from the
 * dialogs while a person has the conversation, and carries agents' messages to users with proactive
 * messages built from the conversation reference in the store, so the agent's instance need not be the user's.
 */
export class HandoffRelay implements HandoffDesk {
  private host: HandoffHost | undefined;

  constructor(readonly deps: RelayDeps) {}

  attach(host: HandoffHost): void {
    this.host = host;
  }

  /** Puts the desk into the turn, for the dialogs. */
  prepare(context: TurnContext): void {
    setTurnHandoffDesk(context, this);
  }

  async request(context: TurnContext, journey: { intent?: string }): Promise<HandoffRequest> {
    const tenant = turnTenant(context);
    const { handoffs } = this.deps;
    const external = tenant.handoffHub === 'external';
    if (!external) {
      const availability = await handoffs.availability(tenant);
      if (availability !== 'open') return { outcome: availability };
    }
    const { channelId, conversation } = context.activity;
    const queued = await handoffs.request(tenant, {
      channelId,
      conversationId: conversation.id,
      reference: JSON.stringify(TurnContext.getConversationReference(context.activity)),
      locale: turnLanguage(context).locale,
      steps: (await this.host?.journeyOf(context)) ?? [],
      external,
      ...(journey.intent ? { intent: journey.intent } : {}),
    });
    if (!queued) return { outcome: 'already' };
    if (!external) return { outcome: 'queued', position: queued.position, ...estimate(queued) };
    const transcript = await this.transcriptActivities(context);
    await context.sendActivity(EventFactory.createHandoffInitiation(context, { tenant: tenant.id, intent: journey.intent, steps: queued.record.steps }, { activities: transcript }));
    return { outcome: 'external' };
  }

  takesMessages(context: TurnContext): boolean {
    return turnTenant(context).staffEmail !== undefined;
  }

  async leaveMessage(context: TurnContext, message: LeftMessage): Promise<string> {
    return await this.deps.tickets.open(context, message);
  }

  /**
   * Runs before the dialogs. True when the message was the handoff's: a rating, or anything said while queued
   * (answered with the position, or leaving the line) or while a person has the conversation (no reply at all).
   */
  async intercept(context: TurnContext): Promise<boolean> {
    const record = await this.recordOf(context);
    if (!record) return false;
    const { t } = turnLanguage(context);
    if (record.state === 'queued') {
      if (isLeaveRequest(context.activity.text)) {
        if (await this.deps.handoffs.cancel(record._id)) {
          await context.sendActivity(t('handoff:left'));
          await this.host?.resume(context);
          await this.tellMoved();
          return true;
        }
      }
      if (record.external) return true;
      await context.sendActivity(t('handoff:stillQueued', { position: await this.deps.handoffs.queue.position(record) }));
      return true;
    }
    if (record.state === 'assigned') {
      await this.deps.handoffs.queue.touch(record._id, { reference: JSON.stringify(TurnContext.getConversationReference(context.activity)) });
      return true;
    }
    return await this.takeRating(context, record);
  }

  /** A user typing in a live handoff: shown in the agent console. */
  async userTyping(context: TurnContext): Promise<void> {
    const record = await this.recordOf(context);
    if (record?.state === 'assigned') await this.deps.handoffs.queue.touch(record._id, { userTypingAt: new Date() });
  }

  /** `handoff.status` from an external hub (Bot Framework handoff protocol): accepted, failed or completed. */
  async handoffStatus(context: TurnContext): Promise<void> {
    const value = context.activity.value as { state?: unknown } | undefined;
    const state = value?.state;
    if (state !== 'accepted' && state !== 'failed' && state !== 'completed') return;
    const record = await this.recordOf(context);
    if (!record) return;
    const changed = await this.deps.handoffs.externalStatus(record._id, state);
    if (!changed) return;
    const { t } = turnLanguage(context);
    if (state === 'failed') {
      await context.sendActivity(t('handoff:external.failed'));
      await this.host?.offerForm(context, 'failed');
    } else if (state === 'completed') {
      await this.backWithBot(context, changed, 'handoff:returned');
    }
  }

  /** Sends to the user of `record` from any instance, with the tenant and locale of the conversation. */
  async proactive(record: HandoffRecord, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    // Without the user's last activity id: this turn is not a redelivery of that activity.
    const { activityId: _replyTo, ...reference } = JSON.parse(record.reference) as ConversationReference;
    const tenant = (await this.deps.tenants.find(record.tenant)) ?? (await this.deps.tenants.defaultTenant());
    await this.deps.adapter.continueConversationAsync(this.deps.appId, reference, async (context) => {
      setTurnTenant(context, tenant);
      this.prepare(context);
      await logic(context);
      await this.host?.saveState(context);
    });
  }

  /** The user is told the agent's name when an agent takes the conversation (or is handed it). */
  async announceAgent(record: HandoffRecord, key: 'handoff:joined' | 'handoff:transferred'): Promise<void> {
    await this.proactive(record, async (context) => {
      await context.sendActivity(this.systemMessage(context, key, { name: record.agentName ?? '' }));
    });
  }

  async relayAgentMessage(record: HandoffRecord, text: string): Promise<void> {
    await this.proactive(record, async (context) => {
      const mark: AgentMark = { handoff: { from: 'agent', agentId: record.agentId, name: record.agentName } };
      await context.sendActivity({ type: ActivityTypes.Message, text, channelData: mark });
    });
  }

  async relayAgentTyping(record: HandoffRecord): Promise<void> {
    await this.proactive(record, async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    });
  }

  async returned(record: HandoffRecord): Promise<void> {
    await this.proactive(record, async (context) => await this.backWithBot(context, record, 'handoff:returned'));
  }

  /** The timers of every conversation (wait timeout, idle agent) and the queue positions: run by every instance. */
  async runTimers(): Promise<void> {
    const { expired, abandoned, moved } = await this.deps.handoffs.sweep();
    for (const record of expired) {
      await this.safely(record, async (context) => {
        await context.sendActivity(turnLanguage(context).t('handoff:expired'));
        await this.host?.offerForm(context, 'expired');
      });
    }
    for (const record of abandoned) {
      await this.safely(record, async (context) => {
        await context.sendActivity(this.systemMessage(context, 'handoff:abandoned'));
        await this.host?.resume(context);
      });
    }
    await this.tellQueued(moved);
  }

  /** Tells the users who moved up in line (after an accept, a cancel, or a transfer elsewhere). */
  async tellMoved(): Promise<void> {
    const { moved } = await this.deps.handoffs.sweep();
    await this.tellQueued(moved);
  }

  private async tellQueued(moved: Queued[]): Promise<void> {
    for (const queued of moved) {
      await this.safely(queued.record, async (context) => {
        const { t } = turnLanguage(context);
        await context.sendActivity(t('handoff:moved', { position: queued.position, estimate: estimateText(t, queued.estimateMinutes) }));
      });
    }
  }

  private async backWithBot(context: TurnContext, record: HandoffRecord, key: string): Promise<void> {
    await context.sendActivity(this.systemMessage(context, key));
    await this.host?.resume(context);
    const { t } = turnLanguage(context);
    if (record.ratingPending !== undefined) await context.sendActivity(MessageFactory.attachment(ratingCard(t, { round: record.ratingPending }), t('handoff:rating.question')));
  }

  private async takeRating(context: TurnContext, record: HandoffRecord): Promise<boolean> {
    if (record.ratingPending === undefined) return false;
    const rating = readRating(context.activity.value, context.activity.value === undefined ? context.activity.text : undefined);
    if (!rating || (rating.round !== undefined && rating.round !== record.ratingPending)) return false;
    if (rating.round === undefined && !(await this.host?.idle(context))) return false;
    await this.deps.handoffs.rate(record._id, rating.score, rating.comment);
    await context.sendActivity(turnLanguage(context).t('handoff:rating.thanks'));
    return true;
  }

  private systemMessage(context: TurnContext, key: string, args: Record<string, string> = {}): Partial<Activity> {
    const mark: AgentMark = { handoff: { from: 'system' } };
    return { type: ActivityTypes.Message, text: turnLanguage(context).t(key, args), channelData: mark };
  }

  private async safely(record: HandoffRecord, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.proactive(record, logic);
    } catch (error) {
      this.deps.logger.warn('handoff notice not delivered', { handoff: record._id, error });
    }
  }

  private async recordOf(context: TurnContext): Promise<HandoffRecord | undefined> {
    const { channelId, conversation } = context.activity;
    return await this.deps.handoffs.queue.ofConversation(channelId, conversation.id);
  }

  private async transcriptActivities(context: TurnContext): Promise<Activity[]> {
    const { channelId, conversation } = context.activity;
    const page = await this.deps.transcripts.getTranscriptActivities(channelId, conversation.id);
    // The transcript logger writes this turn's message without waiting: add it (redacted) when it is not stored yet.
    const current = context.activity;
    const stored = page.items.some((item) => item.id !== undefined && item.id === current.id);
    return stored ? page.items : [...page.items, redactActivity(current)];
  }
}

const estimate = (queued: Queued): { estimateMinutes?: number } =>
  queued.estimateMinutes === undefined ? {} : { estimateMinutes: queued.estimateMinutes };

/** "About 6 min" once there is history; "a few minutes" until then. */
export function estimateText(t: (key: string, args?: Record<string, unknown>) => string, minutes: number | undefined): string {
  return minutes === undefined ? t('handoff:estimate.few') : t('handoff:estimate.minutes', { minutes });
}

/** "cancel", 「やめる」 and the other cancel words of locales/<lang>/nlu/interruptions.json. */
const isLeaveRequest = (text: string | undefined): boolean => requestedInterruption(text) === 'cancel';
