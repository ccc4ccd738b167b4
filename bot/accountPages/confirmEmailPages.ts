import type { Server } from 'restify';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { linkButton, paragraphs, postForm } from './fragments.ts';
import { readField } from './formFields.ts';
import { html } from './html.ts';
import { LINK_PATHS, linkFailurePage, linkSwitch, validUntil } from './linkPageParts.ts';
import { otherLocale, pageUrl } from './pageLocale.ts';
import { pageRoute } from './pageRoute.ts';
import type { Page, PageContext, PageKit } from './pageRoute.ts';

const PATH = LINK_PATHS.confirmEmail;
const DONE = `${PATH}/done`;

/**
 * The email confirmation link (003 §2.1 steps 7–8). Opening the link only shows a button: mail scanners
 * that fetch every link must not use it up. The POST confirms, and the page says "Mail address setting
 * complete" with "Move to Login page".
 */
export function registerConfirmEmailPages(server: Server, kit: PageKit): void {
  server.get(
    PATH,
    pageRoute(kit, 'confirmEmail.open', 'GET', async (ctx) => {
      const token = readField(ctx.fields, 't');
      const link = await kit.portal.inspectLink(token, 'confirmEmail');
      if (link.outcome !== 'valid') return linkFailurePage(ctx, link.outcome, 'confirmEmail', token);
      const locale = ctx.requested ?? link.locale;
      const t = ctx.t(locale);
      const button = html`<button type="submit">${t('confirmEmail.button')}</button>`;
      return {
        status: 200,
        outcome: 'valid',
        locale,
        title: t('confirmEmail.title'),
        body: html`${paragraphs(t('confirmEmail.intro'), validUntil(ctx, locale, link.expiresAt))}${postForm(PATH, ctx.csrfField, { t: token, lang: locale }, button)}`,
        tenant: await kit.tenants.find(link.tenant),
        switchTo: linkSwitch('confirmEmail', token, locale),
      };
    }),
  );

  server.post(
    PATH,
    pageRoute(kit, 'confirmEmail.confirm', 'POST', async (ctx) => {
      const token = readField(ctx.fields, 't');
      const result = await kit.portal.confirmEmail(token);
      if (result.outcome !== 'confirmed') return linkFailurePage(ctx, result.outcome, 'confirmEmail', token);
      return donePage(ctx, ctx.requested ?? result.locale, await kit.tenants.find(result.tenant));
    }),
  );

  // The completion page again, in the other language: it shows nothing about the account.
  server.get(
    DONE,
    pageRoute(kit, 'confirmEmail.done', 'GET', async (ctx) => donePage(ctx, ctx.fallback, await kit.tenants.find(readField(ctx.fields, 'tenant')))),
  );
}

function donePage(ctx: PageContext, locale: Locale, tenant: Tenant | undefined): Page {
  const t = ctx.t(locale);
  const login = pageUrl('/portal/login', { tenant: tenant?.id, lang: locale });
  return {
    status: 200,
    outcome: 'confirmed',
    locale,
    title: t('confirmEmail.doneTitle'),
    body: html`${paragraphs(t('confirmEmail.done'), t('confirmEmail.doneFromNow'), t('confirmEmail.doneChange'))}${linkButton(login, t('confirmEmail.toLogin'))}`,
    ...(tenant ? { tenant } : {}),
    switchTo: pageUrl(DONE, { tenant: tenant?.id, lang: otherLocale(locale) }),
  };
}
