import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { localesDir, locales } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/i18n.ts';
import { intentIds } from './nlu.ts';
import type { IntentId, Nlu, Recognition } from './nlu.ts';
import { detectLanguage } from './detectLanguage.ts';
import { normalizeText } from './normalizeText.ts';

const KeywordFile = z.partialRecord(z.enum(intentIds), z.array(z.string().min(1)));

/**
 * Rule-based recognition from `locales/<lang>/nlu/keywords.json`: the intent whose keyword occurs
 * in the normalised text wins, the longest keyword first. Deterministic and instant; it knows
 * only the phrases listed, so anything else is `none` and the bot offers its menu.
 */
export class KeywordNlu implements Nlu {
  private constructor(private readonly rules: ReadonlyMap<Locale, Array<[Matcher, IntentId]>>) {}

  static load(dir: string = localesDir): KeywordNlu {
    const rules = new Map<Locale, Array<[Matcher, IntentId]>>();
    for (const locale of locales) {
      const raw: unknown = JSON.parse(readFileSync(path.join(dir, locale, 'nlu', 'keywords.json'), 'utf8'));
      const pairs: Array<[Matcher, IntentId]> = [];
      for (const [intent, keywords] of Object.entries(KeywordFile.parse(raw)) as Array<[IntentId, string[]]>) {
        for (const keyword of keywords) pairs.push([matcher(normalizeText(keyword)), intent]);
      }
      rules.set(locale, pairs.sort(([a], [b]) => b.length - a.length));
    }
    return new KeywordNlu(rules);
  }

  async recognize(text: string, locale: Locale): Promise<Recognition> {
    const normalized = normalizeText(text);
    // Users mix languages, so the other language's keywords are tried after the channel's.
    for (const language of [locale, ...locales.filter((other) => other !== locale)]) {
      const match = this.rules.get(language)?.find(([keyword]) => keyword.test(normalized));
      if (!match) continue;
      const score = language === locale ? 1 : 0.9;
      return { intent: match[1], score, candidates: [{ intent: match[1], score }], language: detectLanguage(text) ?? locale };
    }
    // Nothing matched: no candidates to offer, and the language is left to the caller.
    return { intent: 'none', score: 0 };
  }
}

interface Matcher {
  length: number;
  test(text: string): boolean;
}

/** Latin keywords match whole words ("hi" is not in "this"); Japanese ones match anywhere. */
function matcher(keyword: string): Matcher {
  if (!/^[\x20-\x7e]+$/u.test(keyword)) return { length: keyword.length, test: (text) => text.includes(keyword) };
  const escaped = keyword.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const pattern = new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`, 'u');
  return { length: keyword.length, test: (text) => pattern.test(text) };
}
