import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';

/**
 * What the host's middleware resolves once per turn and dialogs read: the tenant, the locale and
 * its fixed `t`, a way to switch the conversation's language (persisted in user state), and a way to
 * answer one turn in the language of the user's message without switching (issue 4: the reply language
 * follows the user's language per message).
 */
export interface TurnLanguage {
  locale: Locale;
  t: TFunction;
  /** Switches this turn's `t` and remembers the choice for the user's next turns. */
  switchTo(locale: Locale): Promise<void>;
  /** Switches this turn's `t` only; later turns are in the remembered language again. */
  useForTurn(locale: Locale): void;
}

const tenantKey = Symbol('tenant');
const languageKey = Symbol('language');

export function setTurnTenant(context: TurnContext, tenant: Tenant): void {
  context.turnState.set(tenantKey, tenant);
}

export function setTurnLanguage(context: TurnContext, language: TurnLanguage): void {
  context.turnState.set(languageKey, language);
}

export function turnTenant(context: TurnContext): Tenant {
  const tenant = context.turnState.get(tenantKey) as Tenant | undefined;
  if (!tenant) throw new Error('turnTenant: the tenant middleware did not run');
  return tenant;
}

export function turnLanguage(context: TurnContext): TurnLanguage {
  const language = context.turnState.get(languageKey) as TurnLanguage | undefined;
  if (!language) throw new Error('turnLanguage: the locale middleware did not run');
  return language;
}

/** Shorthand for the turn's `t`. */
export const turnT = (context: TurnContext): TFunction => turnLanguage(context).t;

/** The language the chat's language button offers to switch to. */
export const otherLocale = (locale: Locale): Locale => (locale === 'ja' ? 'en' : 'ja');
