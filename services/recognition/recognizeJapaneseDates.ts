import { kanjiNumeralChars, parseKanjiNumber } from './kanjiNumber.ts';

/** A year and month, or a full date, written in a message. */
export interface DateMention {
  year: number;
  month: number;
  /** Absent for a year-month (「2015年3月」, graduation year-month). */
  day?: number;
  /** `YYYY-MM` or `YYYY-MM-DD`, the Western-calendar form the service's forms ask for. */
  iso: string;
  /** What was written, after NFKC. */
  text: string;
}

/** Japanese eras (元号): the Western year of each era's first year, and its last year number. */
const eras: ReadonlyArray<{ names: readonly string[]; first: number; lastYear: number }> = [
  { names: ['明治', 'm'], first: 1868, lastYear: 45 },
  { names: ['大正', 't'], first: 1912, lastYear: 15 },
  { names: ['昭和', 's'], first: 1926, lastYear: 64 },
  { names: ['平成', 'h'], first: 1989, lastYear: 31 },
  { names: ['令和', 'r'], first: 2019, lastYear: 99 },
];

const n = `[0-9${kanjiNumeralChars}]`;
const eraName = eras.flatMap(({ names }) => names).join('|');
/** Forms, tried in order over NFKC text; each captures era?, year, month, day?. */
const patterns: readonly RegExp[] = [
  // 平成27年3月, 令和2年4月1日, 令和元年5月, 平成二十七年三月, H27年3月
  new RegExp(`(?<![a-z])(${eraName})\\s*(元|${n}{1,3})\\s*年\\s*(${n}{1,3})\\s*月(?:\\s*(${n}{1,3})\\s*日)?`, 'giu'),
  // H27.3, H27/3/1, R2.4.1, h27-3
  new RegExp(`(?<![a-z])([mtshr])\\s*(元|\\d{1,2})\\s*[./-]\\s*(\\d{1,2})(?:\\s*[./-]\\s*(\\d{1,2}))?(?![\\d])`, 'giu'),
  // 2015年3月, 1999年9月9日, 二〇一五年三月
  new RegExp(`()(?<![0-9${kanjiNumeralChars}])(${n}{4})\\s*年\\s*(${n}{1,3})\\s*月(?:\\s*(${n}{1,3})\\s*日)?`, 'gu'),
  // 2015/03, 2015-3, 2015.03, 1999/9/9, 2015-03-01 (same separator throughout)
  /()(?<![\d./-])(\d{4})([./-])(\d{1,2})(?:\3(\d{1,2}))?(?![\d]|[./-]\d)/gu,
];

const number = (text: string): number | undefined => (/^\d+$/u.test(text) ? Number(text) : parseKanjiNumber(text));

function westernYear(era: string, written: string): number | undefined {
  const found = eras.find(({ names }) => names.includes(era.toLowerCase()));
  const year = written === '元' ? 1 : number(written);
  if (!found || year === undefined || year < 1 || year > found.lastYear) return undefined;
  return found.first + year - 1;
}

function mention(text: string, year: number | undefined, month: number | undefined, day: number | undefined): DateMention | undefined {
  if (year === undefined || month === undefined || month < 1 || month > 12 || year < 1868 || year > 2199) return undefined;
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (day === undefined) return { year, month, iso: `${year}-${pad(month)}`, text };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  return { year, month, day, iso: `${year}-${pad(month)}-${pad(day)}`, text };
}

/**
 * Year-months and dates written the Japanese way, which @microsoft/recognizers-text has no model for
 * (STACK.md: it reads 「2015年3月」 as 2015 only): 2015年3月, 2015/03, 2015-3, 1999年9月9日, 1999/9/9,
 * 平成27年3月, 令和元年5月, 令和2年4月1日, H27.3, R2.4.1, and kanji numerals (平成二十七年三月).
 * After NFKC, so full-width digits work. Impossible months and days are skipped (2015/13, 2023年2月30日);
 * an era year past the era's end is too (平成32年), but 平成31年5月 is accepted as people still write it.
 */
export function recognizeJapaneseDates(text: string): DateMention[] {
  const folded = text.normalize('NFKC');
  const found: Array<DateMention & { start: number; end: number }> = [];
  for (const [index, pattern] of patterns.entries()) {
    for (const match of folded.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((other) => start < other.end && end > other.start)) continue;
      const [written, era = '', yearText = '', ...rest] = match;
      const [monthText, dayText] = index === 3 ? [rest[1], rest[2]] : [rest[0], rest[1]];
      const year = era ? westernYear(era, yearText) : number(yearText);
      const result = mention(written.trim(), year, number(monthText ?? ''), dayText === undefined ? undefined : number(dayText));
      if (result) found.push({ ...result, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start).map(({ start: _start, end: _end, ...result }) => result);
}
