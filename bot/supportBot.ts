import { ActivityHandler, ActivityTypes } from 'botbuilder';
import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, runDialog } from 'botbuilder-dialogs';
import type { Dialog, DialogContext, DialogInstance, DialogState } from 'botbuilder-dialogs';
import { HANDOFF_DIALOG, HandoffDialog } from '../dialogs/handoff/handoffDialog.ts';
import type { HandoffStart } from '../dialogs/handoff/handoffDialog.ts';
import { isPersonAction } from '../dialogs/handoff/personCard.ts';
import { requestedInterruption } from '../dialogs/shared/interruptionCommand.ts';
import { menuReply } from '../dialogs/shared/menuReply.ts';
import { turnT } from '../dialogs/shared/turnContext.ts';
import type { Accounts } from '../services/accounts/accounts.ts';
import type { HandoffHost, HandoffRelay } from './agentConsole/handoffRelay.ts';

/** Messages longer than this get a polite request to shorten them instead of reaching the dialogs. */
export const MAX_MESSAGE_LENGTH = 2000;

/** The handoff's own options, when the bot has a relay (the agent console and the queue). */
export interface BotHandoff {
  relay: HandoffRelay;
  accounts: Accounts;
}

/**
 * The bot: greets new members with the menu, runs the main dialog for every message, and saves
 * conversation and user state at the end of each turn (state lives in the store, not in memory).
 * With a handoff relay, a message first goes to the handoff (queued or with a person: never to the
 * dialogs), and "talk to a person" from any step starts the handoff on a stack of its own, so the
 * interrupted journey step is still there when the conversation comes back.
 */
export class SupportBot extends ActivityHandler implements HandoffHost {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly handoffState: StatePropertyAccessor<DialogState>;
  private readonly handoffDialog: Dialog | undefined;

  constructor(
    private readonly conversationState: BotState,
    private readonly userState: BotState,
    private readonly dialog: Dialog,
    private readonly handoff?: BotHandoff,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.handoffState = conversationState.createProperty<DialogState>('handoffDialogState');
    this.handoffDialog = handoff ? new HandoffDialog(handoff.accounts) : undefined;
    handoff?.relay.attach(this);

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) await context.sendActivity(menuReply(context, 'common:greeting'));
      await next();
    });

    this.onMessage(async (context, next) => {
      const rejection = rejectMessage(context);
      if (rejection) await context.sendActivity(rejection);
      else await this.route(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === 'handoff.status') await this.handoff?.relay.handoffStatus(context);
      await next();
    });

    this.onTyping(async (context, next) => {
      await this.handoff?.relay.userTyping(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    this.handoff?.relay.prepare(context);
    await super.run(context);
    await this.saveState(context);
  }

  async saveState(context: TurnContext): Promise<void> {
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }

  private async route(context: TurnContext): Promise<void> {
    if (!this.handoff) return void (await runDialog(this.dialog, context, this.dialogState));
    if (await this.handoff.relay.intercept(context)) return;
    const form = await this.handoffContext(context);
    if (form.activeDialog) return await this.afterHandoffTurn(context, await form.continueDialog());
    if (isPersonRequest(context)) return await this.afterHandoffTurn(context, await form.beginDialog(HANDOFF_DIALOG, {} satisfies HandoffStart));
    await runDialog(this.dialog, context, this.dialogState);
  }

  /** When the handoff's own stack finishes: back to the journey (or, if the user cancelled, the menu stands). */
  private async afterHandoffTurn(context: TurnContext, result: { status: DialogTurnStatus; result?: unknown }): Promise<void> {
    if (result.status === DialogTurnStatus.waiting) return;
    if (result.status === DialogTurnStatus.cancelled) return void (await (await this.mainContext(context)).cancelAllDialogs());
    if ((result.result as { unanswered?: boolean } | undefined)?.unanswered) return void (await runDialog(this.dialog, context, this.dialogState));
    await this.resumeMain(context);
  }

  async offerForm(context: TurnContext, reason: 'expired' | 'failed'): Promise<void> {
    await this.endWaiting(context);
    const form = await this.handoffContext(context);
    await form.cancelAllDialogs();
    await this.afterHandoffTurn(context, await form.beginDialog(HANDOFF_DIALOG, { offerForm: reason } satisfies HandoffStart));
  }

  async resume(context: TurnContext): Promise<void> {
    await (await this.handoffContext(context)).cancelAllDialogs();
    await this.resumeMain(context);
  }

  /** The interrupted journey step asked again; or, when the handoff began from the menu (or nothing was going on), the menu. */
  private async resumeMain(context: TurnContext): Promise<void> {
    const main = await this.mainContext(context);
    if (main.activeDialog && !stackIncludes(main, HANDOFF_DIALOG)) return void (await main.repromptDialog());
    await main.cancelAllDialogs();
    await context.sendActivity(menuReply(context, 'common:anythingElse'));
  }

  /** Ends MainDialog's wait for a person (the handoff began from the menu), so the form can run on its own stack. */
  private async endWaiting(context: TurnContext): Promise<void> {
    const main = await this.mainContext(context);
    if (stackIncludes(main, HANDOFF_DIALOG)) await main.cancelAllDialogs();
  }

  async idle(context: TurnContext): Promise<boolean> {
    const [main, form] = await Promise.all([this.mainContext(context), this.handoffContext(context)]);
    return !main.activeDialog && !form.activeDialog;
  }

  async journeyOf(context: TurnContext): Promise<string[]> {
    const state = await this.dialogState.get(context, { dialogStack: [] });
    return stepsOf(state.dialogStack);
  }

  private async mainContext(context: TurnContext): Promise<DialogContext> {
    return await new DialogSet(this.dialogState).add(this.dialog).createContext(context);
  }

  private async handoffContext(context: TurnContext): Promise<DialogContext> {
    return await new DialogSet(this.handoffState).add(this.handoffDialog!).createContext(context);
  }
}

/** "talk to a person" typed at any step, or the person button. */
function isPersonRequest(context: TurnContext): boolean {
  const { type, text, value } = context.activity;
  return type === ActivityTypes.Message && (requestedInterruption(text) === 'person' || isPersonAction(value));
}

function stackIncludes(dc: DialogContext, dialogId: string): boolean {
  for (let current: DialogContext | undefined = dc; current; current = current.child) {
    if (current.activeDialog?.id === dialogId) return true;
  }
  return false;
}

/** Dialog ids, outermost first, with the waterfall step they are at: `secondPasswordDialog`, `identityCheck#2`. */
function stepsOf(stack: DialogInstance[]): string[] {
  return stack
    .slice()
    .reverse()
    .flatMap((instance) => {
      const state = instance.state as { stepIndex?: unknown; dialogs?: DialogState } | undefined;
      const here = typeof state?.stepIndex === 'number' ? `${instance.id}#${state.stepIndex + 1}` : instance.id;
      return [here, ...stepsOf(state?.dialogs?.dialogStack ?? [])];
    });
}

/** Input the dialogs should never see, answered here. */
function rejectMessage(context: TurnContext): string | undefined {
  const { text, value } = context.activity;
  const t = turnT(context);
  if (typeof text === 'string' && text.length > MAX_MESSAGE_LENGTH) return t('common:tooLong', { max: MAX_MESSAGE_LENGTH });
  if ((typeof text !== 'string' || text.trim() === '') && value === undefined) return t('common:emptyMessage');
  return undefined;
}
