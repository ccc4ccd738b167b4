const digits: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 壱: 1, 二: 2, 弐: 2, 三: 3, 参: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const units: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 千: 1000 };

/** The characters a kanji numeral below 10,000 is written with. */
export const kanjiNumeralChars = '〇零一壱二弐三参四五六七八九十拾百千';

/**
 * A kanji numeral below 10,000, written either positionally (二〇一五) or with units (二千十五, 二十七, 元 is not
 * handled here). Undefined when the text is not such a numeral.
 */
export function parseKanjiNumber(text: string): number | undefined {
  if (!text || ![...text].every((character) => kanjiNumeralChars.includes(character))) return undefined;
  if (![...text].some((character) => character in units)) {
    return Number([...text].map((character) => digits[character]).join(''));
  }
  let total = 0;
  let pending: number | undefined;
  let lastUnit = Infinity;
  for (const character of text) {
    const unit = units[character];
    if (unit === undefined) {
      if (pending !== undefined) return undefined;
      pending = digits[character];
      continue;
    }
    if (unit >= lastUnit) return undefined;
    total += (pending ?? 1) * unit;
    pending = undefined;
    lastUnit = unit;
  }
  return total + (pending ?? 0);
}
