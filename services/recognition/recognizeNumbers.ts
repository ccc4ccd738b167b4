import { Culture, recognizeNumber } from './recognizers.ts';
import type { Locale } from '../i18n/i18n.ts';
import { parseKanjiNumber } from './kanjiNumber.ts';

/** A number written in a message. */
export interface NumberMention {
  value: number;
  /** The words or digits it was written as, after NFKC ("3", "three", "三"). */
  text: string;
}

const cultures: Readonly<Record<Locale, string>> = { ja: Culture.Japanese, en: Culture.English };

/** Kanji numerals followed by a counter or standing alone («一緒» is not a number, «一回» is). */
const countedKanji = /(?<![〇零一二三四五六七八九十百千])[〇零一二三四五六七八九十百千]+(?=回|つ|個|件|通|度|人|文字|桁|番|$|[^\p{Script=Han}])/gu;

/**
 * Numbers in a message, by @microsoft/recognizers-text after NFKC: digits in any width (３, 3), English words
 * ("three", "twenty-one") and Japanese numerals (三, 二十一, 3つ). `language` picks the word model; digits are
 * found in either.
 */
export function recognizeNumbers(text: string, language: Locale): NumberMention[] {
  const folded = text.normalize('NFKC');
  const found = recognizeNumber(folded, cultures[language])
    .map((result) => ({ start: result.start, value: Number((result.resolution as { value?: unknown } | undefined)?.value), text: result.text }))
    .filter((mention) => Number.isFinite(mention.value));
  // recognizers-text misses kanji numerals before some counters (三回, 五件): read those here.
  for (const match of folded.matchAll(countedKanji)) {
    const value = parseKanjiNumber(match[0]);
    const covered = found.some(({ start, text: seen }) => match.index >= start && match.index < start + seen.length);
    if (value !== undefined && !covered) found.push({ start: match.index, value, text: match[0] });
  }
  return found.sort((a, b) => a.start - b.start).map(({ value, text: written }) => ({ value, text: written }));
}
