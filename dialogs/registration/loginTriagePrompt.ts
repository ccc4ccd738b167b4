import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { registrationTriageCard } from '../cards/registrationTriageCard.ts';
import type { JourneyResult } from '../shared/journey.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

/**
 * The "I cannot log in" card, which waits for the next message. Whatever comes (a button, which starts another
 * journey, or a typed question) is not an answer this journey can act on: it ends with `{unanswered: true}` and
 * MainDialog understands the message afresh. Interruptions (language, person, cancel) are the caller's, and a
 * language switch shows the card again in the new language.
 */
export class LoginTriagePrompt extends Dialog {
  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.show(dc.context);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    return await dc.endDialog({ unanswered: true } satisfies JourneyResult);
  }

  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    await this.show(context);
  }

  private async show(context: TurnContext): Promise<void> {
    const { t, locale } = turnLanguage(context);
    const tenant = turnTenant(context);
    const university = tenant.name[locale];
    const card = registrationTriageCard(t, {
      university,
      loginIdLabel: tenant.loginId.label[locale],
      loginIdExample: tenant.loginId.example,
      features: tenant.features,
    });
    await context.sendActivity(MessageFactory.attachment(card, t('registration:triage.intro', { university })));
  }
}
