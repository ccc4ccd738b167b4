import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, UserState } from 'botbuilder';
import type { Middleware, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import type { TFunction } from 'i18next';
import { localeMiddleware } from '../../bot/middleware/localeMiddleware.ts';
import type { UserProfile } from '../../bot/middleware/localeMiddleware.ts';
import { setAnswerPace } from '../../dialogs/shared/evenPace.ts';
import { setTurnTenant } from '../../dialogs/shared/turnContext.ts';
import { createI18n } from '../../services/i18n/i18n.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../services/tenants/builtInDemoTenant.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';

export const i18n = createI18n();

// Dialog transcripts check words, not timing: no held answers after identity checks (the end-to-end tests keep them).
setAnswerPace(0);
export const tFor = (locale: Locale): TFunction => i18n.getFixedT(locale);

export interface DialogHarness {
  client: DialogTestClient;
  conversationState: ConversationState;
  /** The channel locale every activity carries (Web Chat resends it each turn). */
  channelLocale: string;
  /** Everything the state storage holds, as stored (JSON text per key): for "never kept in state" checks. */
  storedState(): string;
}

/** A DialogTestClient with the host's tenant and locale middleware, and state saved after each turn. */
export function dialogClient(
  makeDialog: (conversationState: ConversationState) => Dialog,
  options: { locale: Locale; tenant?: Tenant; initialOptions?: unknown },
): DialogHarness {
  const memory: Record<string, string> = {};
  const storage = new MemoryStorage(memory);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const tenant = options.tenant ?? builtInDemoTenant;
  const tenantMiddleware: Middleware = {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      setTurnTenant(context, tenant);
      await next();
    },
  };
  const client = new DialogTestClient('test', makeDialog(conversationState), options.initialOptions, [
    tenantMiddleware,
    localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')),
    new AutoSaveStateMiddleware(conversationState, userState),
  ], conversationState);
  return {
    client,
    conversationState,
    channelLocale: options.locale === 'ja' ? 'ja-JP' : 'en-US',
    storedState: () => JSON.stringify(memory),
  };
}

/** The adaptive card of a reply, as JSON text (for "contains this button" checks). */
export function cardText(reply: { attachments?: Array<{ content?: unknown }> } | undefined): string {
  return JSON.stringify(reply?.attachments?.[0]?.content ?? null);
}
