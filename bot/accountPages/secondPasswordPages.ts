import type { Server } from 'restify';
import type { PasswordProblem } from '../../services/accounts/reference/passwordRules.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { linkButton, paragraphs } from './fragments.ts';
import { readFields } from './formFields.ts';
import { html } from './html.ts';
import { LINK_PATHS, linkFailurePage, passwordFormPage } from './linkPageParts.ts';
import { otherLocale, pageUrl } from './pageLocale.ts';
import { pageRoute } from './pageRoute.ts';
import type { Page, PageContext, PageKit } from './pageRoute.ts';
import { STUDENT_PROBLEMS, passwordPair, rulesList } from './passwordFields.ts';

const PATH = LINK_PATHS.resetSecondPassword;
const DONE = `${PATH}/done`;

/**
 * The second-password reset link (003 §2.4 (c) steps 5–8): "Second password" and "Check", the rules shown
 * and checked as the user types. A rule problem leaves the link usable, so the user corrects and sends again.
 */
export function registerSecondPasswordPages(server: Server, kit: PageKit): void {
  server.get(
    PATH,
    pageRoute(kit, 'secondPassword.open', 'GET', async (ctx) => {
      const { t: token } = readFields(ctx.fields, ['t']);
      return await formPage(ctx, token, [], 200);
    }),
  );

  server.post(
    PATH,
    pageRoute(kit, 'secondPassword.set', 'POST', async (ctx) => {
      const form = readFields(ctx.fields, ['t', 'secondPassword', 'check']);
      const result = await kit.portal.setSecondPasswordFromLink(form.t, form.secondPassword, form.check);
      if (result.outcome === 'invalid') return await formPage(ctx, form.t, result.problems, 422);
      if (result.outcome !== 'set') return linkFailurePage(ctx, result.outcome, 'resetSecondPassword', form.t);
      return donePage(ctx, ctx.requested ?? result.locale, result.tenant);
    }),
  );

  server.get(
    DONE,
    pageRoute(kit, 'secondPassword.done', 'GET', async (ctx) => donePage(ctx, ctx.fallback, readFields(ctx.fields, ['tenant']).tenant)),
  );
}

/** The form, in the link's language unless the user chose one; with the server's problems when there are any. */
async function formPage(ctx: PageContext, token: string, problems: readonly PasswordProblem[], status: number): Promise<Page> {
  const link = await ctx.kit.portal.inspectLink(token, 'resetSecondPassword');
  if (link.outcome !== 'valid') return linkFailurePage(ctx, link.outcome, 'resetSecondPassword', token);
  const locale = ctx.requested ?? link.locale;
  const [t, tr] = [ctx.t(locale), ctx.t(locale, 'passwordRules')];
  const fields = passwordPair(tr, {
    name: 'secondPassword',
    label: t('secondPassword.field'),
    checkName: 'check',
    checkLabel: t('secondPassword.check'),
    problems,
    possible: STUDENT_PROBLEMS,
  });
  const content = html`${rulesList(tr, false, 'secondPassword')}${fields}<button type="submit">${t('secondPassword.change')}</button>`;
  return await passwordFormPage(ctx, {
    status,
    invalid: problems.length > 0,
    locale,
    title: t('secondPassword.title'),
    intro: t('secondPassword.intro'),
    content,
    purpose: 'resetSecondPassword',
    token,
    expiresAt: link.expiresAt,
    tenantId: link.tenant,
  });
}

/** 003 §2.4 (c) step 8: "Setting the second password complete", OK → the login page. */
async function donePage(ctx: PageContext, locale: Locale, tenantId: string): Promise<Page> {
  const t = ctx.t(locale);
  const tenant = await ctx.kit.tenants.find(tenantId);
  return {
    status: 200,
    outcome: 'set',
    locale,
    title: t('secondPassword.doneTitle'),
    body: html`${paragraphs(t('secondPassword.done'))}${linkButton(pageUrl('/portal/login', { tenant: tenant?.id, lang: locale }), t('secondPassword.ok'))}`,
    tenant,
    switchTo: pageUrl(DONE, { tenant: tenant?.id, lang: otherLocale(locale) }),
  };
}
