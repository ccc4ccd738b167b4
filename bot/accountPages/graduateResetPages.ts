import type { Server } from 'restify';
import type { GraduatePasswordProblems } from '../../services/accounts/reference/passwordRules.ts';
import { passwordProblems } from '../../services/accounts/reference/passwordRules.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { paragraphs } from './fragments.ts';
import { readFields } from './formFields.ts';
import { html } from './html.ts';
import { LINK_PATHS, linkFailurePage, passwordFormPage } from './linkPageParts.ts';
import { otherLocale, pageUrl } from './pageLocale.ts';
import { pageRoute } from './pageRoute.ts';
import type { Page, PageContext, PageKit } from './pageRoute.ts';
import { passwordPair, rulesList } from './passwordFields.ts';

const PATH = LINK_PATHS.graduateReset;
const DONE = `${PATH}/done`;
const NONE: GraduatePasswordProblems = { password: [], secondPassword: [] };

/**
 * The graduates' reset link (002 §2.2 (e)): a new password and a new second password, each with its
 * "Check"; they must differ from each other and the password must not be the old (or initial) one.
 */
export function registerGraduateResetPages(server: Server, kit: PageKit): void {
  server.get(
    PATH,
    pageRoute(kit, 'graduateReset.open', 'GET', async (ctx) => await formPage(ctx, readFields(ctx.fields, ['t']).t, NONE, 200)),
  );

  server.post(
    PATH,
    pageRoute(kit, 'graduateReset.set', 'POST', async (ctx) => {
      const form = readFields(ctx.fields, ['t', 'password', 'passwordCheck', 'secondPassword', 'secondPasswordCheck']);
      const checks = { password: form.passwordCheck, secondPassword: form.secondPasswordCheck };
      const result = await kit.portal.setGraduatePasswordsFromLink(form.t, form.password, form.secondPassword, checks);
      if (result.outcome === 'invalid') return await formPage(ctx, form.t, result.problems, 422);
      if (result.outcome !== 'set') return linkFailurePage(ctx, result.outcome, 'graduateReset', form.t);
      return await donePage(ctx, ctx.requested ?? result.locale, result.tenant);
    }),
  );

  server.get(
    DONE,
    pageRoute(kit, 'graduateReset.done', 'GET', async (ctx) => await donePage(ctx, ctx.fallback, readFields(ctx.fields, ['tenant']).tenant)),
  );
}

async function formPage(ctx: PageContext, token: string, problems: GraduatePasswordProblems, status: number): Promise<Page> {
  const link = await ctx.kit.portal.inspectLink(token, 'graduateReset');
  if (link.outcome !== 'valid') return linkFailurePage(ctx, link.outcome, 'graduateReset', token);
  const locale = ctx.requested ?? link.locale;
  const [t, tr] = [ctx.t(locale), ctx.t(locale, 'passwordRules')];
  const password = passwordPair(tr, {
    name: 'password',
    label: t('graduate.password'),
    checkName: 'passwordCheck',
    checkLabel: t('graduate.passwordCheck'),
    problems: problems.password,
    possible: passwordProblems.filter((problem) => problem !== 'same_as_password'),
  });
  const secondPassword = passwordPair(tr, {
    name: 'secondPassword',
    label: t('secondPassword.field'),
    checkName: 'secondPasswordCheck',
    checkLabel: t('secondPassword.check'),
    problems: problems.secondPassword,
    possible: passwordProblems.filter((problem) => problem !== 'reused'),
    differsFrom: 'password',
  });
  const invalid = problems.password.length + problems.secondPassword.length > 0;
  const content = html`${rulesList(tr, true)}${password}${secondPassword}<button type="submit">${t('graduate.button')}</button>`;
  return await passwordFormPage(ctx, {
    status,
    invalid,
    locale,
    title: t('graduate.title'),
    intro: t('graduate.intro'),
    content,
    purpose: 'graduateReset',
    token,
    expiresAt: link.expiresAt,
    tenantId: link.tenant,
  });
}

async function donePage(ctx: PageContext, locale: Locale, tenantId: string): Promise<Page> {
  const t = ctx.t(locale);
  const tenant = await ctx.kit.tenants.find(tenantId);
  return {
    status: 200,
    outcome: 'set',
    locale,
    title: t('graduate.doneTitle'),
    body: paragraphs(t('graduate.done'), t('graduate.doneNext')),
    tenant,
    switchTo: pageUrl(DONE, { tenant: tenant?.id, lang: otherLocale(locale) }),
  };
}
