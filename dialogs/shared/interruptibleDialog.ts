import { ComponentDialog, Dialog, DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { requestedInterruption } from './interruptionCommand.ts';
import { requestedLocale } from './languageCommand.ts';
import { menuReply } from './menuReply.ts';
import { offerPerson } from './offerPerson.ts';
import { isSecretShaped, warnAboutSecret } from './secretGuard.ts';
import { turnLanguage, turnTenant } from './turnContext.ts';

/**
 * The interruptions every step honours, in one place (cf. the samples' CancelAndHelpDialog; issue 5 item 10):
 * switching the chat's language re-asks the current step in the new language; a pasted password or key is
 * refused with a warning and the step asked again, so the text never reaches a step (or its state); help
 * re-asks the step after saying what the user can do; cancel and start over end the journey with the menu;
 * "talk to a person" ends it with the way to a person. The outermost interruptible dialog answers first.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? (await super.onContinueDialog(innerDc));
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message) return undefined;
    const locale = requestedLocale(activity.text, activity.value);
    if (locale) {
      const language = turnLanguage(context);
      await language.switchTo(locale);
      await context.sendActivity(language.t('common:languageChanged'));
      return await this.askAgain(innerDc);
    }
    if (isSecretShaped(context, activity.text)) {
      await warnAboutSecret(context);
      return await this.askAgain(innerDc);
    }
    switch (requestedInterruption(activity.text)) {
      case 'help':
        await context.sendActivity(help(context));
        return await this.askAgain(innerDc);
      case 'cancel':
        return await this.stop(innerDc, 'interruptions:cancelled');
      case 'restart':
        return await this.stop(innerDc, 'interruptions:restarted');
      case 'person':
        return await this.stop(innerDc, 'common:anythingElse', 'interruptions:person');
      case undefined:
        return undefined;
    }
  }

  private async askAgain(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /** Ends the journey (every dialog inside this one), optionally offers a person, and shows the menu. */
  private async stop(innerDc: DialogContext, menuKey: string, personLeadKey?: string): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    if (personLeadKey) await offerPerson(innerDc.context, personLeadKey);
    await innerDc.context.sendActivity(menuReply(innerDc.context, menuKey));
    return { status: DialogTurnStatus.cancelled };
  }
}

/** What the user can say at any step; the login-ID label is the tenant's. */
function help(context: TurnContext): string {
  const { t, locale } = turnLanguage(context);
  return t('interruptions:help', { label: turnTenant(context).loginId.label[locale] });
}
