import { ActivityHandler } from 'botbuilder';
import type { BotState, TurnContext } from 'botbuilder';
import { runDialog } from 'botbuilder-dialogs';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import { menuReply } from '../dialogs/shared/menuReply.ts';
import { turnT } from '../dialogs/shared/turnContext.ts';

/** Messages longer than this get a polite request to shorten them instead of reaching the dialogs. */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * The bot: greets new members with the menu, runs the main dialog for every message, and saves
 * conversation and user state at the end of each turn (state lives in the store, not in memory).
 */
export class SupportBot extends ActivityHandler {
  constructor(
    private readonly conversationState: BotState,
    private readonly userState: BotState,
    private readonly dialog: Dialog,
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) await context.sendActivity(menuReply(context, 'common:greeting'));
      await next();
    });

    this.onMessage(async (context, next) => {
      const rejection = rejectMessage(context);
      if (rejection) await context.sendActivity(rejection);
      else await runDialog(this.dialog, context, dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }
}

/** Input the dialogs should never see, answered here. */
function rejectMessage(context: TurnContext): string | undefined {
  const { text, value } = context.activity;
  const t = turnT(context);
  if (typeof text === 'string' && text.length > MAX_MESSAGE_LENGTH) return t('common:tooLong', { max: MAX_MESSAGE_LENGTH });
  if ((typeof text !== 'string' || text.trim() === '') && value === undefined) return t('common:emptyMessage');
  return undefined;
}
