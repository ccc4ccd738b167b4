import type { Request } from 'restify';
import { toLocale } from '../../services/i18n/i18n.ts';
import type { Locale } from '../../services/i18n/i18n.ts';

/** The other language: the target of each page's language link. */
export const otherLocale = (locale: Locale): Locale => (locale === 'ja' ? 'en' : 'ja');

/** `lang` as the query (GET) or the form (POST) carries it, when it is one we speak. */
export function requestedLocale(value: unknown): Locale | undefined {
  return typeof value === 'string' && (value === 'ja' || value === 'en') ? value : undefined;
}

/** The browser's first language we speak (`Accept-Language: en-US,en;q=0.9,ja;q=0.8` → en), for pages with nothing better. */
export function browserLocale(req: Request): Locale | undefined {
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((param) => param.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { locale: toLocale(tag), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.locale !== undefined && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale;
}

/** A URL of these pages with its query, values encoded. */
export function pageUrl(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query).filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '');
  return pairs.length === 0 ? path : `${path}?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
}
