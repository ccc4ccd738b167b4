import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Server } from 'restify';
import { registerAccountPages } from '../../../bot/accountPages/registerAccountPages.ts';
import { MAX_BODY_BYTES } from '../../../bot/server.ts';
import { createI18n } from '../../../services/i18n/i18n.ts';
import { createLogger } from '../../../services/log/logger.ts';
import { openPortal } from '../../services/accounts/reference/portalFixture.ts';
import type { PortalHarness } from '../../services/accounts/reference/portalFixture.ts';

export const MINUTE = 60_000;
export const TARO = 'taro@example-u.ac.jp';

/** A page as the test browser got it. */
export interface Fetched {
  status: number;
  html: string;
  headers: Headers;
}

/**
 * A browser for the tests: keeps its cookies, and sends the CSRF token of the last form it got with each form
 * unless told otherwise (`csrf: null` leaves it out).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  private lastToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Fetched> {
    return await this.fetch(path, { method: 'GET', headers });
  }

  /** A form POST; a list value repeats the field (`a=1&a=2`). */
  async post(path: string, fields: Record<string, string | string[]>, options: { csrf?: string | null; contentType?: string } = {}): Promise<Fetched> {
    const body = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrfToken() : options.csrf;
    if (csrf !== null) body.append('csrf', csrf);
    for (const [name, value] of Object.entries(fields)) for (const each of [value].flat()) body.append(name, each);
    const headers = { 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded' };
    return await this.fetch(path, { method: 'POST', headers, body: body.toString() });
  }

  /** The CSRF token of the last page with a form. */
  csrfToken(): string {
    if (!this.lastToken) throw new Error('no page with a form yet');
    return this.lastToken;
  }

  private async fetch(path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Fetched> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...init.headers, ...(cookie ? { Cookie: cookie } : {}) }, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/;\s*Max-Age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    this.lastToken = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.lastToken;
    return { status: response.status, html, headers: response.headers };
  }
}

export interface PagesHarness extends PortalHarness {
  url: string;
  /** Every log line the pages wrote. */
  logs: string[];
  browser(): TestBrowser;
}

/**
 * The portal fixture (file store in a temp dir, movable clock, in-memory mail queue) behind a real restify
 * server on 127.0.0.1:0 with the plugins bot/server.ts installs.
 */
export async function openPages(): Promise<PagesHarness> {
  const h = await openPortal();
  const logs: string[] = [];
  const server: Server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));
  registerAccountPages(server, {
    portal: h.portal,
    i18n: createI18n(),
    tenants: h.tenants,
    csrfSecret: randomBytes(32),
    logger: createLogger('debug', (line) => logs.push(line)),
    clock: h.clock,
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return {
    ...h,
    url,
    logs,
    browser: () => new TestBrowser(url),
    async close() {
      server.server.closeAllConnections();
      server.close();
      await h.close();
    },
  };
}

/** The problems a page shows (not hidden) in the list of one input. */
export function shownProblems(html: string, input: string): string[] {
  const list = new RegExp(`<ul class="problems" id="${input}-problems"[^>]*>([\\s\\S]*?)</ul>`).exec(html)?.[1];
  if (list === undefined) throw new Error(`no problem list for ${input}`);
  return [...list.matchAll(/<li data-problem="(\w+)"( hidden)?>/g)].filter((match) => !match[2]).map((match) => match[1] ?? '');
}

/** The text of a shown problem, as the page has it (HTML-escaped). */
export function problemText(html: string, input: string, problem: string): string | undefined {
  const list = new RegExp(`id="${input}-problems"[^>]*>([\\s\\S]*?)</ul>`).exec(html)?.[1] ?? '';
  return new RegExp(`<li data-problem="${problem}">([^<]*)</li>`).exec(list)?.[1];
}

/** Text as the pages escape it. */
export const escaped = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
