import type { SafeHtml } from './html.ts';
import { html } from './html.ts';
import { alertBox, infoBox, inputField, linkButton, notes, paragraphs, postForm } from './fragments.ts';
import { otherLocale, pageUrl } from './pageLocale.ts';
import type { Page, PageContext } from './pageRoute.ts';
import { endSessionCookie } from './portalSession.ts';
import type { PortalView } from './portalSession.ts';

/** 003 §2.3: the Student login. */
export const LOGIN_PATH = '/portal/login';

/** A demo-portal screen; its language link opens the same screen (`path`) in the other language. */
export function portalPage(view: PortalView, path: string, page: { outcome: string; title: string; body: SafeHtml; status?: number; cookies?: string[]; script?: boolean }): Page {
  const switchTo = pageUrl(path, { tenant: view.tenant.id, lang: otherLocale(view.locale) });
  return { status: 200, ...page, locale: view.locale, tenant: view.tenant, switchTo };
}

/** Where a screen sends the user back to the login, in the screen's language. */
export const loginUrl = (view: PortalView): string => pageUrl(LOGIN_PATH, { tenant: view.tenant.id, lang: view.locale });

/**
 * 003 §2.3 "Student login": User ID, Password, Second password, the Notes, Login. The second password
 * only where the university has one; on a first login it stays empty (the Notes say so).
 */
export function loginScreen(ctx: PageContext, view: PortalView, state: { outcome: string; loginId?: string; error?: string }): Page {
  const { t, tenant, locale } = view;
  const second = tenant.features.secondPassword;
  const fields = html`${inputField({
    name: 'loginId',
    label: t('portal.loginId'),
    type: 'text',
    autocomplete: 'username',
    value: state.loginId ?? '',
    hint: t('portal.loginIdHint', { label: tenant.loginId.label[locale], example: tenant.loginId.example }),
  })}
${inputField({ name: 'universityPassword', label: t('portal.universityPassword'), type: 'password', autocomplete: 'current-password', hint: t('portal.universityPasswordHint') })}
${second ? inputField({ name: 'secondPassword', label: t('portal.secondPassword'), type: 'password', autocomplete: 'off' }) : ''}
${notes(t('portal.notes'), [...(second ? [t('portal.noteFirstLogin')] : []), t('portal.noteSpam')])}
<button type="submit">${t('portal.login')}</button>`;
  const body = html`${state.error ? alertBox(state.error) : ''}${postForm(LOGIN_PATH, ctx.csrfField, view.hidden, fields)}
${second ? paragraphs(t('portal.forgot')) : ''}<p class="note">${t('demoNote')}</p>`;
  return portalPage(view, LOGIN_PATH, { outcome: state.outcome, title: t('portal.loginTitle'), body });
}

/** Past the account's failure limit: only a person can help (the call center, or the chat's staff). */
export function lockedScreen(view: PortalView): Page {
  const { t, tenant } = view;
  const body = html`${alertBox(t('portal.locked', { number: tenant.callCenter[0]?.number ?? '' }))}${linkButton(loginUrl(view), t('portal.toLogin'))}`;
  return portalPage(view, LOGIN_PATH, { outcome: 'locked', title: t('portal.lockedTitle'), body });
}

/** "If you close the screen, please log in again" (003 §2.3); the stale cookie is removed. */
export function sessionExpiredScreen(ctx: PageContext, view: PortalView): Page {
  const { t } = view;
  const body = html`${paragraphs(t('portal.sessionExpired'))}${linkButton(loginUrl(view), t('portal.toLogin'))}`;
  return portalPage(view, LOGIN_PATH, { outcome: 'sessionExpired', title: t('portal.sessionExpiredTitle'), body, cookies: [endSessionCookie(ctx)] });
}

/** 003 §2.3 step 7: "Authentication completed / Authenticated / OK". */
export function authenticatedScreen(view: PortalView, cookies: string[] = []): Page {
  const { t } = view;
  const body = html`${infoBox(t('key.authenticated'))}${linkButton(loginUrl(view), t('key.ok'))}<p class="note">${t('demoNote')}</p>`;
  return portalPage(view, '/portal/authenticated', { outcome: 'authenticated', title: t('key.authenticatedTitle'), body, cookies });
}
