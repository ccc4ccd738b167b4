import { ComponentDialog, Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import { requestedLocale } from './languageCommand.ts';
import { turnLanguage } from './turnContext.ts';

/**
 * The interruptions every step honours, in one place (cf. the samples' CancelAndHelpDialog):
 * switching the chat's language at any point re-asks the current step in the new language.
 * Help, cancel and "talk to a person" join here as the journeys that need them arrive.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? (await super.onContinueDialog(innerDc));
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type !== ActivityTypes.Message) return undefined;
    const locale = requestedLocale(activity.text, activity.value);
    if (!locale) return undefined;
    const language = turnLanguage(innerDc.context);
    await language.switchTo(locale);
    await innerDc.context.sendActivity(language.t('common:languageChanged'));
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
