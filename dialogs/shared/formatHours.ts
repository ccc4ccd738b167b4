import type { TFunction } from 'i18next';
import type { HourRange } from '../../services/tenants/tenant.ts';

/** "平日 9:00～17:00" / "weekdays 9:00–17:00 (JST)"; null means around the clock. */
export function formatHours(t: TFunction, hours: HourRange | null): string {
  if (hours === null) return t('common:hours.always');
  const open = hours.open.replace(/^0/, '');
  const close = hours.close.replace(/^0/, '');
  return t(`common:hours.${hours.days}`, { open, close });
}
