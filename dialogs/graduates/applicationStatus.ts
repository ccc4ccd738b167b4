import { ActivityTypes, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { RegistrationStatus } from '../../services/accounts/accounts.ts';
import { graduatesStepsCard } from '../cards/graduatesStepsCard.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

/** When the university decides (002 §1.4 note *1) and where to look (002 §2.1 step 17): said for a pending application and on request. */
export function decisionLines(context: TurnContext): string[] {
  const { t, locale } = turnLanguage(context);
  const tenant = turnTenant(context);
  return [
    t('graduates:decision.rule'),
    t('graduates:decision.homePage', { university: tenant.name[locale], webPage: tenant.webPage }),
    t('graduates:decision.mail'),
  ];
}

/**
 * A verified graduate's application for use in plain words, with what to do next (002 §2.1 step 17: the result
 * mail may approve, reject or ask for resubmission). Approved: the first login with the initial password unless
 * the passwords are set already. Rejected or resubmit: the result mail, and a person for questions about the review.
 */
export async function sayApplicationStatus(context: TurnContext, status: RegistrationStatus): Promise<void> {
  const { t } = turnLanguage(context);
  switch (status.application) {
    case 'pending':
      await context.sendActivity([t('graduates:status.pending'), ...decisionLines(context)].join('\n\n'));
      return;
    case 'approved':
      if (status.secondPasswordSet) {
        await context.sendActivity([t('graduates:status.approved.active'), t('graduates:status.approved.forgot')].join('\n\n'));
        return;
      }
      await context.sendActivity(
        MessageFactory.attachment(
          graduatesStepsCard(t, { journey: 'password' }),
          [t('graduates:status.approved.firstLogin'), t('graduates:password.rules'), t('graduates:password.neverShare')].join('\n\n'),
        ),
      );
      return;
    case 'rejected':
    case 'resubmit':
      await offerPerson(context, `graduates:status.${status.application}`);
      return;
    case undefined:
      await offerPerson(context, 'graduates:status.unavailable');
      return;
  }
}

/** The typing indicator, sent before a call to the accounts port (DESIGN.md Conversation rules). */
export async function showTyping(context: TurnContext): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.Typing });
}
