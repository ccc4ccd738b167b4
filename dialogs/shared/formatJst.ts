import type { Locale } from '../../services/i18n/i18n.ts';

const intlLocale: Readonly<Record<Locale, string>> = { ja: 'ja-JP', en: 'en-US' };

/** A moment as the date and time in Japan, for "next allowed at {{date}} {{time}} (Japan time)": 4月2日 / April 2, 9:10. */
export function formatJst(locale: Locale, at: Date | string): { date: string; time: string } {
  const moment = typeof at === 'string' ? new Date(at) : at;
  const date = new Intl.DateTimeFormat(intlLocale[locale], { timeZone: 'Asia/Tokyo', month: 'long', day: 'numeric' }).format(moment);
  const time = new Intl.DateTimeFormat(intlLocale[locale], {
    timeZone: 'Asia/Tokyo',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(moment);
  return { date, time };
}
