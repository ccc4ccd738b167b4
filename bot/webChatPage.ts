import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { TenantId } from './directLine/sessionRoute.ts';

/** What the page needs from the host: its localized title and the tenant of a URL that names none. */
export interface WebChatPageOptions {
  pageTitle: (locale: 'ja' | 'en') => string;
  defaultTenant: string;
}

/** The locales the page offers (`?locale=`), with the bot's language for each; the first is the default. */
const PAGE_LOCALES = { 'ja-JP': 'ja', 'en-US': 'en' } as const;
type PageLocale = keyof typeof PAGE_LOCALES;

const gzipAsync = promisify(gzip);
/** The bundle's URL carries Web Chat's version, so browsers may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the Web Chat page at `GET /` (`?tenant=ID&locale=ja-JP|en-US`), its script at `/webchat/page.js` and
 * the official Web Chat bundle at `/webchat/webchat.js`. The page talks to the local Direct Line
 * (directLine/directLine.ts) on the same origin.
 */
export function registerWebChatPage(server: Server, options: WebChatPageOptions): void {
  const template = readFileSync(new URL('./pages/webchat.html', import.meta.url), 'utf8');
  const pageScript = readFileSync(new URL('./pages/webchat.js', import.meta.url));
  const bundle = webChatBundle();
  let compressed: Promise<Buffer> | undefined;

  server.get('/', async (req: Request, res: Response) => {
    const query = queryOf(req);
    const locale: PageLocale = query.locale === 'en-US' ? 'en-US' : 'ja-JP';
    const tenant = TenantId.safeParse(query.tenant).data ?? options.defaultTenant;
    const nonce = randomBytes(16).toString('base64');
    const config = JSON.stringify({ tenant, locale, nonce }).replace(/</g, '\\u003c');
    const values: Record<string, string> = {
      lang: PAGE_LOCALES[locale],
      title: escapeHtml(options.pageTitle(PAGE_LOCALES[locale])),
      nonce,
      config,
      webchatVersion: encodeURIComponent(bundle.version),
    };
    const html = template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => values[key] ?? '');
    send(res, Buffer.from(html), {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...securityHeaders(req, nonce),
    });
  });

  server.get('/webchat/page.js', async (_req: Request, res: Response) => {
    send(res, pageScript, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  server.get('/webchat/webchat.js', async (req: Request, res: Response) => {
    const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': IMMUTABLE, 'X-Content-Type-Options': 'nosniff', Vary: 'Accept-Encoding' };
    if (!/\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
      send(res, await readFile(bundle.file), headers);
      return;
    }
    // 3.9 MB of script is ~1 MB gzipped: compressed once, on first use, and kept (phones are the audience).
    compressed ??= readFile(bundle.file).then(async (raw) => await gzipAsync(raw, { level: 9 }));
    try {
      send(res, await compressed, { ...headers, 'Content-Encoding': 'gzip' });
    } catch (error) {
      compressed = undefined;
      throw error;
    }
  });
}

/** Where npm put the official Web Chat bundle; its `exports` hide `dist/`, so it is found next to `main`. */
function webChatBundle(): { file: string; version: string } {
  const require = createRequire(import.meta.url);
  const root = path.resolve(path.dirname(require.resolve('botframework-webchat')), '..');
  const manifest: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : '0';
  const file = path.join(root, 'dist', 'webchat.js');
  statSync(file); // fail at start-up, not on the first visitor, if the package is incomplete
  return { file, version };
}

/*
 * No inline script runs (the config is inert JSON); Web Chat injects its styles with the nonce. Images and
 * media may come from https (card content); connections only to this origin, WebSocket included (named
 * explicitly: older Safari does not count ws: as 'self'). Embedding is same-origin only until tenants can name
 * their sites.
 */
function securityHeaders(req: Request, nonce: string): Record<string, string> {
  const host = /^[\w.:[\]-]+$/.test(req.header('host') ?? '') ? req.header('host') : undefined;
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob: https:",
    "media-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'SAMEORIGIN',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}

function send(res: Response, body: Buffer, headers: Record<string, string>): void {
  res.sendRaw(200, body, { ...headers, 'Content-Length': String(body.length) });
}

function queryOf(req: Request): Record<string, unknown> {
  const query: unknown = req.query;
  return typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
