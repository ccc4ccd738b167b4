import { TenantSchema } from './tenant.ts';
import type { Tenant } from './tenant.ts';

/**
 * The demo university used when no TENANTS_FILE is configured. Its settings follow the 2026 edition
 * of the login manual (003): second password and two-factor authentication on, call center
 * 082-207-4262 on weekdays 9:00–17:00 in Japanese only, chat support 24 hours.
 */
export const builtInDemoTenant: Tenant = TenantSchema.parse({
  id: 'example-u',
  name: { ja: 'サンプル大学', en: 'Example University' },
  loginId: {
    label: { ja: '学籍番号', en: 'student number' },
    pattern: '^s\\d{7}$',
    example: 's1234567',
  },
  features: { secondPassword: true, twoFactor: true, graduates: true, studentIdAddition: true },
  callCenter: [{ number: '082-207-4262', hours: { days: 'weekdays', open: '09:00', close: '17:00' }, japaneseOnly: true }],
  chatHours: null,
  senderAddress: 'cert-no-reply@example-u.ac.jp',
  webPage: 'https://www.example-u.ac.jp/',
  authKey: { lifetimeMinutes: 10, failureLimit: 5 },
  defaultLocale: 'ja',
  staffEmail: 'support-center@example-u.ac.jp',
});
