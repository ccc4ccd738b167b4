import type { LinkPurpose } from '../../services/accounts/reference/oneTimeLinks.ts';
import { LINK_LIFETIME_MS } from '../../services/accounts/reference/oneTimeLinks.ts';
import type { LinkFailure } from '../../services/accounts/reference/portalOutcomes.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { formatJst } from '../../services/mail/mailTemplates.ts';
import { alertBox, paragraphs, postForm } from './fragments.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';
import { otherLocale, pageUrl } from './pageLocale.ts';
import type { Page, PageContext } from './pageRoute.ts';

/** Where each link's page lives (the mails point here: services/accounts/reference/accountMail.ts). */
export const LINK_PATHS: Record<LinkPurpose, string> = {
  confirmEmail: '/account/confirm-email',
  resetSecondPassword: '/account/second-password',
  graduateReset: '/account/graduate-reset',
};

const LIFETIME_MINUTES = LINK_LIFETIME_MS / 60_000;

/** The link's page in the other language: the same one-time URL, which opening does not use up. */
export const linkSwitch = (purpose: LinkPurpose, token: string, locale: Locale): string =>
  pageUrl(LINK_PATHS[purpose], { t: token, lang: otherLocale(locale) });

/**
 * An expired, used, superseded or unknown link (issue 3: "a clear page, and change nothing"): what happened,
 * and how to get a new mail. 410 for a link that existed, 404 for one that never did.
 */
export function linkFailurePage(ctx: PageContext, failure: LinkFailure['outcome'], purpose: LinkPurpose, token: string): Page {
  const locale = ctx.fallback;
  const t = ctx.t(locale);
  const texts = [t(`link.${failure}`, { minutes: String(LIFETIME_MINUTES) })];
  if (failure === 'used') texts.push(t('link.usedDone'));
  texts.push(t(`link.next.${purpose}`));
  return {
    status: failure === 'unknown' ? 404 : 410,
    outcome: failure,
    locale,
    title: t(`link.${failure}Title`),
    body: paragraphs(...texts),
    switchTo: linkSwitch(purpose, token, locale),
  };
}

/** "This link is valid until 2026/01/15 10:30 (Japan time, about 25 min. left)." */
export function validUntil(ctx: PageContext, locale: Locale, expiresAt: string): string {
  const end = new Date(expiresAt);
  const minutes = Math.max(0, Math.ceil((end.getTime() - ctx.kit.clock().getTime()) / 60_000));
  return ctx.t(locale)('validUntil', { time: formatJst(end), minutes: String(minutes) });
}

/** A one-time link's password form (second password; graduates' passwords), shared by both reset pages. */
export interface PasswordFormPage {
  status: number;
  invalid: boolean;
  locale: Locale;
  title: string;
  intro: string;
  /** The fields and the submit button. */
  content: SafeHtml;
  purpose: LinkPurpose;
  token: string;
  expiresAt: string;
  tenantId: string;
}

export async function passwordFormPage(ctx: PageContext, page: PasswordFormPage): Promise<Page> {
  const { locale, token } = page;
  return {
    status: page.status,
    outcome: page.invalid ? 'invalid' : 'valid',
    locale,
    title: page.title,
    body: html`${page.invalid ? alertBox(ctx.t(locale)('problemsHeading')) : ''}${paragraphs(page.intro, validUntil(ctx, locale, page.expiresAt))}
${postForm(LINK_PATHS[page.purpose], ctx.csrfField, { t: token, lang: locale }, page.content)}`,
    tenant: await ctx.kit.tenants.find(page.tenantId),
    switchTo: linkSwitch(page.purpose, token, locale),
    script: true,
  };
}
