import { inputField, notes, paragraphs, postForm } from './fragments.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';
import type { Page, PageContext } from './pageRoute.ts';
import { portalPage } from './portalScreens.ts';
import type { PortalView } from './portalSession.ts';

/** 003 §2.3 step 5: the authentication key input screen (its form posts the key here). */
export const KEY_PATH = '/portal/key';
/** 003 §2.3 step 5-1, §2.6 step 2: the "Reissue" button. */
export const REISSUE_PATH = '/portal/key/reissue';

/**
 * 003 §2.3 steps 4–6 and §2.6: the authentication key input screen. "Authenticate" and "Reissue" are two
 * forms, so reissuing needs no key typed. `message` says what just happened (sent, wrong, invalidated, …).
 */
export function keyScreen(ctx: PageContext, view: PortalView, state: { outcome: string; message?: SafeHtml; cookies?: string[] }): Page {
  const { t } = view;
  const authenticate = html`${inputField({ name: 'key', label: t('key.field'), type: 'text', autocomplete: 'one-time-code' })}
<button type="submit">${t('key.authenticate')}</button>`;
  const reissue = html`${paragraphs(t('key.reissueHint'))}<button type="submit">${t('key.reissue')}</button>`;
  const body = html`${state.message ?? ''}${paragraphs(t('key.intro'))}${postForm(KEY_PATH, ctx.csrfField, view.hidden, authenticate)}
${postForm(REISSUE_PATH, ctx.csrfField, view.hidden, reissue)}${notes(t('portal.notes'), [t('key.note')])}`;
  return portalPage(view, KEY_PATH, { outcome: state.outcome, title: t('key.title'), body, cookies: state.cookies ?? [] });
}
