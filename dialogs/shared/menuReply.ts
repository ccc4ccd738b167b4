import { MessageFactory } from 'botbuilder';
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { menuCard } from '../cards/menuCard.ts';
import type { MenuCardData } from '../cards/menuCard.ts';
import { otherLocale, turnLanguage, turnTenant } from './turnContext.ts';

/** A message from `key` with the menu card under it, in the turn's language, with the tenant's journeys only. */
export function menuReply(context: TurnContext, key: string): Partial<Activity> {
  const { t, locale } = turnLanguage(context);
  const { features } = turnTenant(context);
  return MessageFactory.attachment(sharedMenuCard(t, { otherLocale: otherLocale(locale), features }), t(key));
}

/**
 * The menu card is the same for every turn with the same `t` (one per locale) and tenant features, and most turns
 * end with it: it is built once per combination (a few per process) instead of once per turn (issue 9). Frozen,
 * because every message that shows it shares the one object.
 */
function sharedMenuCard(t: TFunction, data: MenuCardData): Attachment {
  let byData = menuCards.get(t);
  if (!byData) menuCards.set(t, (byData = new Map()));
  const key = JSON.stringify([data.otherLocale, data.features]);
  let card = byData.get(key);
  if (!card) byData.set(key, (card = deepFreeze(menuCard(t, data))));
  return card;
}

const menuCards = new WeakMap<TFunction, Map<string, Attachment>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
