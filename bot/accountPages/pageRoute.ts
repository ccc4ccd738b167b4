import { randomBytes } from 'node:crypto';
import type { i18n, TFunction } from 'i18next';
import type { Request, Response } from 'restify';
import type { ReferencePortal } from '../../services/accounts/reference/portal.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { Clock } from '../../services/store/documentStore.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import type { Tenants } from '../../services/tenants/tenants.ts';
import type { Csrf } from './csrf.ts';
import { badInputPage, forbiddenPage, serverErrorPage } from './errorPages.ts';
import { BadFieldError, fieldsOf } from './formFields.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';
import { renderDocument } from './layout.ts';
import { browserLocale, requestedLocale } from './pageLocale.ts';
import { securityHeaders } from './securityHeaders.ts';

/** What every page handler may use. */
export interface PageKit {
  portal: ReferencePortal;
  i18n: i18n;
  tenants: Tenants;
  csrf: Csrf;
  logger: Logger;
  clock: Clock;
}

/** A rendered page, before the shared layout wraps it. */
export interface Page {
  status: number;
  /** Logged with the page's name: the outcome only, never a token, an ID or an entry. */
  outcome: string;
  locale: Locale;
  title: string;
  body: SafeHtml;
  tenant?: Tenant;
  /** The same page in the other language (a GET URL), where one exists. */
  switchTo?: string;
  /** Loads the live password check (passwordCheck.js). */
  script?: boolean;
  cookies?: string[];
}

/** One request as a handler sees it. */
export interface PageContext {
  req: Request;
  kit: PageKit;
  /** The query of a GET, the form of a POST; read them with readField/readFields. */
  fields: Record<string, unknown>;
  /** `lang` of the query or form. */
  requested: Locale | undefined;
  /** For pages that know nothing better: `lang`, else the browser's language, else Japanese. */
  fallback: Locale;
  /** The hidden CSRF field every form carries. */
  csrfField: SafeHtml;
  t(locale: Locale, ns?: string): TFunction;
}

/** A restify 11 async handler: (req, res), no `next`. */
export type RouteHandler = (req: Request, res: Response) => Promise<void>;

/** Renders one page; throws BadFieldError for a field it cannot read. */
export type PageHandler = (ctx: PageContext) => Promise<Page>;

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Wraps a page handler: parses the query or form, checks the CSRF token of every POST before the handler
 * runs (403, nothing changed), turns a bad field into a 400 page naming it, logs the outcome (never the
 * URL: its query holds the one-time token), and sends the page with the security headers.
 */
export function pageRoute(kit: PageKit, name: string, method: 'GET' | 'POST', handler: PageHandler): RouteHandler {
  return async (req: Request, res: Response): Promise<void> => {
    const visitor = kit.csrf.visitor(req);
    const fields = fieldsOf(method === 'GET' ? req.query : req.body);
    const requested = requestedLocale(fields.lang);
    const ctx: PageContext = {
      req,
      kit,
      fields,
      requested,
      fallback: requested ?? browserLocale(req) ?? 'ja',
      csrfField: html`<input type="hidden" name="csrf" value="${kit.csrf.token(visitor.id)}">`,
      t: (locale, ns = 'pages') => kit.i18n.getFixedT(locale, ns),
    };
    let page: Page;
    try {
      if (method === 'POST' && req.getContentType() !== FORM_TYPE) throw new BadFieldError('form');
      page = method === 'POST' && !kit.csrf.verify(visitor, fields.csrf) ? forbiddenPage(ctx) : await handler(ctx);
    } catch (error) {
      if (error instanceof BadFieldError) {
        page = badInputPage(ctx, error.field);
      } else {
        kit.logger.error('account page failed', { page: name, error });
        page = serverErrorPage(ctx);
      }
    }
    kit.logger.info('account page', { page: name, outcome: page.outcome, status: page.status, ...(page.tenant ? { tenant: page.tenant.id } : {}) });
    const nonce = randomBytes(16).toString('base64');
    const body = Buffer.from(renderDocument(page, ctx.t(page.locale), nonce));
    const cookies = [...(visitor.setCookie ? [visitor.setCookie] : []), ...(page.cookies ?? [])];
    if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
    res.sendRaw(page.status, body, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      ...securityHeaders(nonce),
    });
  };
}
