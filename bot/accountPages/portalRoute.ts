import { formatJst } from '../../services/mail/mailTemplates.ts';
import { unknownTenantPage } from './errorPages.ts';
import { pageRoute } from './pageRoute.ts';
import type { Page, PageContext, PageKit, RouteHandler } from './pageRoute.ts';
import { sessionExpiredScreen } from './portalScreens.ts';
import { portalView, sessionOf } from './portalSession.ts';
import type { PortalView } from './portalSession.ts';

/** "You can request another one after 2026/01/15 10:30 (Japan time)." */
export const budgetText = (view: PortalView, retryAt: string): string => view.t('portal.budgetExhausted', { time: formatJst(new Date(retryAt)) });

/** The screen for this request's university, or the unknown-university page. */
export async function withView(ctx: PageContext, render: (view: PortalView) => Promise<Page>): Promise<Page> {
  const view = await portalView(ctx);
  return view ? await render(view) : unknownTenantPage(ctx);
}

/** A screen that needs the portal session: without its cookie, the session-expired screen. */
export function screen(kit: PageKit, name: string, method: 'GET' | 'POST', render: (ctx: PageContext, view: PortalView) => Promise<Page>): RouteHandler {
  return pageRoute(kit, name, method, async (ctx) =>
    await withView(ctx, async (view) => (sessionOf(ctx) === '' ? sessionExpiredScreen(ctx, view) : await render(ctx, view))),
  );
}
