import type { BotState, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import { toLocale } from '../services/i18n/i18n.ts';
import type { Logger } from '../services/log/logger.ts';
import type { Tenants } from '../services/tenants/tenants.ts';
import { formatHours } from '../dialogs/shared/formatHours.ts';

/**
 * The one turn-error handler: a structured log line with the conversation id, a localized apology
 * with a way to a person, and the conversation's dialog state cleared so the next message starts
 * afresh. The user never sees a stack trace.
 */
export function turnErrorHandler(logger: Logger, conversationState: BotState, i18n: i18n, tenants: Tenants) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    logger.error('turn failed', {
      conversationId: activity.conversation?.id,
      activityId: activity.id,
      activityType: activity.type,
      error,
    });
    await attempt(logger, 'clear state', () => conversationState.delete(context));
    if (activity.type !== 'message') return;
    await attempt(logger, 'send apology', async () => {
      const t = i18n.getFixedT(toLocale(activity.locale) ?? 'ja');
      const phone = (await tenants.defaultTenant()).callCenter[0]!;
      await context.sendActivity(
        `${t('common:apology')}\n${t('common:apologyContact', { number: phone.number, hours: formatHours(t, phone.hours) })}`,
      );
    });
  };
}

async function attempt(logger: Logger, what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    logger.warn(`turn error handler could not ${what}`, { error });
  }
}
