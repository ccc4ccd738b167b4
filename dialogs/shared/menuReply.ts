import { MessageFactory } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import { menuCard } from '../cards/menuCard.ts';
import { otherLocale, turnLanguage, turnTenant } from './turnContext.ts';

/** A message from `key` with the menu card under it, in the turn's language, with the tenant's journeys only. */
export function menuReply(context: TurnContext, key: string): Partial<Activity> {
  const { t, locale } = turnLanguage(context);
  const { features } = turnTenant(context);
  return MessageFactory.attachment(menuCard(t, { otherLocale: otherLocale(locale), features }), t(key));
}
