import type { Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import { fixedT, toLocale } from '../../services/i18n/i18n.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { setTurnLanguage, turnTenant } from '../../dialogs/shared/turnContext.ts';
import type { TurnLanguage } from '../../dialogs/shared/turnContext.ts';

/** What the bot remembers about a user across conversations. */
export interface UserProfile {
  /** Chosen in chat; wins over the channel's locale, which Web Chat resends on every activity. */
  locale?: Locale;
}

/**
 * Gives each turn a fixed `t`: the user's chosen language, else the activity's locale, else the
 * tenant's default. `switchTo` changes it for the rest of the turn and for later turns;
 * `useForTurn` for the rest of this turn only.
 */
export function localeMiddleware(i18n: i18n, profile: StatePropertyAccessor<UserProfile>): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      // Read without a default: a default is stored, and a user who never chose a language would get a state
      // file written on their first turn for nothing (issue 9: a file created per new user).
      const saved = (await profile.get(context))?.locale;
      const locale = saved ?? toLocale(context.activity.locale) ?? turnTenant(context).defaultLocale;
      const language: TurnLanguage = {
        locale,
        t: fixedT(i18n, locale),
        async switchTo(next: Locale): Promise<void> {
          language.locale = next;
          language.t = fixedT(i18n, next);
          await profile.set(context, { ...(await profile.get(context)), locale: next });
        },
        useForTurn(next: Locale): void {
          language.locale = next;
          language.t = fixedT(i18n, next);
        },
      };
      setTurnLanguage(context, language);
      await next();
    },
  };
}
