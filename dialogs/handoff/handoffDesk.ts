import type { TurnContext } from 'botbuilder';

/** What asking for a person led to (issue 6 items 2, 3, 7). */
export type HandoffRequest =
  | { outcome: 'queued'; position: number; estimateMinutes?: number }
  /** Already in line or with an agent. */
  | { outcome: 'already' }
  /** Handed to the tenant's external contact-center hub (`handoff.initiate`). */
  | { outcome: 'external' }
  | { outcome: 'closed' | 'nobodyOnline' };

/** A message left through the form: the reply address and the text. */
export interface LeftMessage {
  email: string;
  text: string;
}

/**
 * The handoff as the dialogs see it: the host (bot/agentConsole/handoffRelay.ts) implements it over the
 * store and puts it in turn state, so the dialogs import no adapter (STYLE.md §3).
 */
export interface HandoffDesk {
  /** Queues the conversation for an agent, when the tenant's hours and the agents allow. */
  request(context: TurnContext, journey: { intent?: string }): Promise<HandoffRequest>;
  /** Whether the tenant takes messages (it has a staff address). */
  takesMessages(context: TurnContext): boolean;
  /** Stores the message as a ticket and mails it to the tenant's staff; returns the ticket number. */
  leaveMessage(context: TurnContext, message: LeftMessage): Promise<string>;
}

const deskKey = Symbol('handoffDesk');

export function setTurnHandoffDesk(context: TurnContext, desk: HandoffDesk): void {
  context.turnState.set(deskKey, desk);
}

/** The turn's handoff desk, or undefined where none is wired (then the call center is the way to a person). */
export function turnHandoffDesk(context: TurnContext): HandoffDesk | undefined {
  return context.turnState.get(deskKey) as HandoffDesk | undefined;
}
