import type { Page, PageContext } from './pageRoute.ts';
import { paragraphs } from './fragments.ts';

/** 400: a field that is not one short printable string (10 KB, `a=1&a=2`, control characters), named by its label. */
export function badInputPage(ctx: PageContext, field: string): Page {
  const t = ctx.t(ctx.fallback);
  const label = t(`fields.${field}`, { defaultValue: field });
  return { status: 400, outcome: `badInput:${field}`, locale: ctx.fallback, title: t('errors.badInputTitle'), body: paragraphs(t('errors.badInput', { field: label })) };
}

/** 403: a POST whose CSRF token is missing or not this visitor's. Nothing was done. */
export function forbiddenPage(ctx: PageContext): Page {
  const t = ctx.t(ctx.fallback);
  return { status: 403, outcome: 'csrfRejected', locale: ctx.fallback, title: t('errors.forbiddenTitle'), body: paragraphs(t('errors.forbidden')) };
}

/** 500, without details: the log has them. */
export function serverErrorPage(ctx: PageContext): Page {
  const t = ctx.t(ctx.fallback);
  return { status: 500, outcome: 'error', locale: ctx.fallback, title: t('errors.serverTitle'), body: paragraphs(t('errors.server')) };
}

/** 404: the demo portal was opened for a university we do not serve. */
export function unknownTenantPage(ctx: PageContext): Page {
  const t = ctx.t(ctx.fallback);
  return { status: 404, outcome: 'unknownTenant', locale: ctx.fallback, title: t('errors.unknownTenantTitle'), body: paragraphs(t('errors.unknownTenant')) };
}
