// Times and durations as agents in Japan read them: clock times in Asia/Tokyo, waits in minutes and seconds.

const INTL_LOCALE = { ja: 'ja-JP', en: 'en-US' };

/** `2:05` style waits, with hours past an hour (`1:02:05`). */
export function formatWait(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A timestamp's clock time in Japan (date too when it is not today there); '' for a missing or bad one. */
export function formatTime(iso, locale, now = Date.now()) {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '';
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', dateStyle: 'short' });
  const sameDay = day.format(at) === day.format(now);
  const options = sameDay
    ? { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }
    : { timeZone: 'Asia/Tokyo', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? 'ja-JP', options).format(at);
}

/** A timestamp's full date and time in Japan, to the second (the audit log); '' for a missing or bad one. */
export function formatDateTime(iso, locale) {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '';
  return new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? 'ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: 'medium' }).format(at);
}
