import holidayJp from '@holiday-jp/holiday_jp';
import type { HourRange } from '../tenants/tenant.ts';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The calendar date and time of day in Japan (Asia/Tokyo has no daylight saving time). */
function inJapan(at: Date): { date: string; weekday: number; minutes: number } {
  const jst = new Date(at.getTime() + JST_OFFSET_MS);
  const date = jst.toISOString().slice(0, 10);
  return { date, weekday: jst.getUTCDay(), minutes: jst.getUTCHours() * 60 + jst.getUTCMinutes() };
}

/** True on a Japanese public holiday (including substitute holidays), by the maintained @holiday-jp list. */
export function isJapaneseHoliday(at: Date): boolean {
  return Object.hasOwn(holidayJp.holidays, inJapan(at).date);
}

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
};

/**
 * Whether people answer the chat at `at` (tenant.chatHours; null = around the clock). 'weekdays' skips
 * Saturdays, Sundays and public holidays (tenant.ts). A range that opens and closes at the same time is never open.
 */
export function isWithinHours(hours: HourRange | null, at: Date): boolean {
  if (hours === null) return true;
  const now = inJapan(at);
  if (hours.days === 'weekdays' && (now.weekday === 0 || now.weekday === 6 || isJapaneseHoliday(at))) return false;
  return now.minutes >= minutesOf(hours.open) && now.minutes < minutesOf(hours.close);
}
