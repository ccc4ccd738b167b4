import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { recognizeYesNo } from '../../services/recognition/recognizeYesNo.ts';
import { readConfirmValue, staffConfirmCard } from './staffConfirmCard.ts';
import type { StaffConfirmData } from './staffConfirmCard.ts';
import { turnT } from '../shared/turnContext.ts';

interface PromptState {
  data: StaffConfirmData;
}

/**
 * Shows the confirmation card and ends with true only for an explicit yes: this card's Yes button (a button of an
 * older card carries another token) or a typed yes. Anything else cancels: an action on an account is never
 * taken on a guess.
 */
export class StaffConfirmPrompt extends Dialog<StaffConfirmData> {
  override async beginDialog(dc: DialogContext, data?: StaffConfirmData): Promise<DialogTurnResult> {
    if (!data) throw new Error('StaffConfirmPrompt: the card data is required');
    (dc.activeDialog!.state as PromptState).data = data;
    await this.ask(dc.context, data);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const { data } = dc.activeDialog!.state as PromptState;
    const pressed = readConfirmValue(activity.value);
    if (pressed) return await dc.endDialog(pressed.token === data.token && pressed.answer === 'yes');
    const typed = typeof activity.text === 'string' ? recognizeYesNo(activity.text, 'confirm') : undefined;
    return await dc.endDialog(typed?.answer === 'yes');
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, (instance.state as PromptState).data);
  }

  private async ask(context: TurnContext, data: StaffConfirmData): Promise<void> {
    const t = turnT(context);
    await context.sendActivity(MessageFactory.attachment(staffConfirmCard(t, data), t('staff:confirm.question')));
  }
}
