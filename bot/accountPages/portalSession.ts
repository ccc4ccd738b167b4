import type { TFunction } from 'i18next';
import { SESSION_LIFETIME_MS } from '../../services/accounts/reference/portalSessions.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { isHttps, readCookie, setCookie } from './cookies.ts';
import { readField } from './formFields.ts';
import type { PageContext } from './pageRoute.ts';

const COOKIE = 'portal_session';

/** The university and language a demo-portal screen is shown for (`?tenant=&lang=`, or the form's fields). */
export interface PortalView {
  tenant: Tenant;
  locale: Locale;
  t: TFunction;
  /** What every portal form carries along. */
  hidden: { tenant: string; lang: Locale };
}

/** The view of this request; undefined for a university we do not serve. No tenant named: the default one. */
export async function portalView(ctx: PageContext): Promise<PortalView | undefined> {
  const id = readField(ctx.fields, 'tenant');
  const tenant = id === '' ? await ctx.kit.tenants.defaultTenant() : await ctx.kit.tenants.find(id);
  if (!tenant) return undefined;
  const locale = ctx.requested ?? tenant.defaultLocale;
  return { tenant, locale, t: ctx.t(locale), hidden: { tenant: tenant.id, lang: locale } };
}

/**
 * The portal session id lives only in this cookie: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's link or form carries it), never in a URL, where logs, history and Referer would keep it.
 */
export const sessionOf = (ctx: PageContext): string => readCookie(ctx.req, COOKIE) ?? '';

/** Sets the cookie for a new session; it lasts as long as the session does (30 minutes). */
export const sessionCookie = (ctx: PageContext, session: string): string =>
  setCookie(COOKIE, session, { path: '/portal', sameSite: 'Strict', maxAge: SESSION_LIFETIME_MS / 1000, secure: isHttps(ctx.req) });

/** Removes the cookie of a session that ended (email sent, second password set, or expired). */
export const endSessionCookie = (ctx: PageContext): string =>
  setCookie(COOKIE, '', { path: '/portal', sameSite: 'Strict', maxAge: 0, secure: isHttps(ctx.req) });
