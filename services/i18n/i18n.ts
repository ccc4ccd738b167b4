import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import type { i18n, Resource, TFunction } from 'i18next';

/** The languages the bot speaks. Every key exists in both (test/locales/locales.test.ts). */
export const locales = ['ja', 'en'] as const;
export type Locale = (typeof locales)[number];

export const localesDir = fileURLToPath(new URL('../../locales/', import.meta.url));

/**
 * One i18next instance for the process, loaded from `locales/<lang>/<namespace>.json` at start.
 * Turns get their own fixed `t` (`getFixedT`); nothing ever calls `changeLanguage` on it.
 */
export function createI18n(dir: string = localesDir): i18n {
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const locale of locales) {
    resources[locale] = {};
    for (const file of readdirSync(path.join(dir, locale)).filter((name) => name.endsWith('.json'))) {
      const namespace = file.slice(0, -'.json'.length);
      namespaces.add(namespace);
      resources[locale][namespace] = JSON.parse(readFileSync(path.join(dir, locale, file), 'utf8')) as object;
    }
  }
  const instance = i18next.createInstance();
  // `initAsync: false` makes init synchronous: resources are in memory and the returned promise is already settled.
  void instance.init({
    resources,
    ns: [...namespaces],
    defaultNS: 'common',
    fallbackLng: false,
    supportedLngs: [...locales],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/**
 * A `t` fixed to one locale, shared by every turn. Resources never change after start, so a key asked for without
 * options always gives the same string: those (most of a turn's `t` calls: card titles, buttons, menu headings) are
 * looked up once and remembered, bounded by the number of keys. Calls with options (interpolation, plurals,
 * `returnObjects`) go to i18next each time (issue 9: i18next was ~5 % of a turn's CPU).
 */
export function fixedT(instance: i18n, locale: Locale): TFunction {
  let byLocale = fixedTs.get(instance);
  if (!byLocale) fixedTs.set(instance, (byLocale = new Map()));
  let t = byLocale.get(locale);
  if (!t) byLocale.set(locale, (t = rememberingPlainKeys(instance.getFixedT(locale))));
  return t;
}

function rememberingPlainKeys(t: TFunction): TFunction {
  const plain = new Map<string, unknown>();
  const remembering = (...args: unknown[]): unknown => {
    const [key] = args;
    if (args.length !== 1 || typeof key !== 'string') return (t as unknown as (...all: unknown[]) => unknown)(...args);
    if (!plain.has(key)) plain.set(key, t(key));
    return plain.get(key);
  };
  return Object.assign(remembering, t) as unknown as TFunction;
}

const fixedTs = new WeakMap<i18n, Map<Locale, TFunction>>();

/** Maps a channel locale tag (`ja-JP`, `en-US`, `EN`) to one we speak, or undefined. */
export function toLocale(tag: string | undefined | null): Locale | undefined {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return locales.find((locale) => locale === language);
}
