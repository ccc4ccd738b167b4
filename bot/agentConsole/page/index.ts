import { readdirSync, readFileSync } from 'node:fs';
import type { i18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { browserLocale, requestedLocale } from '../../accountPages/pageLocale.ts';
import { locales } from '../../../services/i18n/i18n.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { agentPageHeaders, agentAssetHeaders } from './agentPageHeaders.ts';

/** What the console page needs from the host: the strings of `locales/{ja,en}/agentConsole.json`. */
export interface AgentPageOptions {
  i18n: i18n;
}

/** The URL prefix of the console's scripts and style sheet. */
export const AGENT_ASSETS = '/agent/assets/';

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Serves the agent console at `GET /agent` (`?lang=ja|en`; else the browser's language) and its files under
 * `/agent/assets/`. The page is a pure client of `/agent/api/` (DESIGN.md, Stable interfaces): it holds no data
 * of its own, so the HTML carries only the UI strings of both languages, as inert JSON.
 */
export function registerAgentPage(server: Server, options: AgentPageOptions): void {
  const template = readFileSync(new URL('./agentConsole.html', import.meta.url), 'utf8');
  const assets = readAssets();
  const strings = Object.fromEntries(locales.map((locale) => [locale, options.i18n.getResourceBundle(locale, 'agentConsole') as unknown]));
  for (const locale of locales) {
    if (typeof strings[locale] !== 'object' || strings[locale] === null) throw new Error(`locales/${locale}/agentConsole.json is missing`);
  }

  server.get('/agent', async (req: Request, res: Response) => {
    const locale: Locale = requestedLocale(queryOf(req).lang) ?? browserLocale(req) ?? 'ja';
    const t = options.i18n.getFixedT(locale, 'agentConsole');
    // `<` escaped so no string can close the script element; the JSON is data, never run.
    const config = JSON.stringify({ locale, strings }).replace(/</g, '\\u003c');
    const values: Record<string, string> = { lang: locale, title: escapeHtml(t('title')), noscript: escapeHtml(t('noscript')), config };
    const body = Buffer.from(template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => values[key] ?? ''));
    res.sendRaw(200, body, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length), ...agentPageHeaders() });
  });

  server.get(`${AGENT_ASSETS}:file`, async (req: Request, res: Response) => {
    const asset = assets.get(String(req.params.file));
    if (!asset) return void res.send(404, { error: 'not found' });
    res.sendRaw(200, asset.body, { 'Content-Type': asset.type, 'Content-Length': String(asset.body.length), ...agentAssetHeaders() });
  });
}

/** Every script and style sheet of `assets/`, read once so a missing file fails the start, not a visitor. */
function readAssets(): Map<string, { body: Buffer; type: string }> {
  const dir = new URL('./assets/', import.meta.url);
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = ASSET_TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) assets.set(name, { body: readFileSync(new URL(name, dir)), type });
  }
  return assets;
}

function queryOf(req: Request): Record<string, unknown> {
  const query: unknown = req.query;
  return typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
