import type { Middleware, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Tenants } from '../../services/tenants/tenants.ts';
import { toLocale } from '../../services/i18n/i18n.ts';
import { setTurnTenant } from '../../dialogs/shared/turnContext.ts';

/**
 * Resolves the turn's tenant from `channelData.tenant` (the Web Chat page's `?tenant=`), else the
 * default. A named but unknown tenant gets a clear reply and the turn stops there.
 */
export function tenantMiddleware(tenants: Tenants, i18n: i18n): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const requested = requestedTenant(context);
      const tenant = requested === undefined ? await tenants.defaultTenant() : await tenants.find(requested);
      if (tenant) {
        setTurnTenant(context, tenant);
        await next();
        return;
      }
      if (context.activity.type !== 'message') return;
      const t = i18n.getFixedT(toLocale(context.activity.locale) ?? 'ja');
      await context.sendActivity(t('common:unknownTenant', { tenant: requested?.slice(0, 64) }));
    },
  };
}

function requestedTenant(context: TurnContext): string | undefined {
  const channelData: unknown = context.activity.channelData;
  if (typeof channelData !== 'object' || channelData === null) return undefined;
  const tenant = (channelData as Record<string, unknown>).tenant;
  return typeof tenant === 'string' && tenant.trim() !== '' ? tenant.trim() : undefined;
}
