import { z } from 'zod';

/**
 * A tenant is one university's configuration of the service (DOMAIN.md "Universities differ").
 * Everything the bot says that varies by university comes from here, never from code.
 */
const Localized = z.object({ ja: z.string().min(1), en: z.string().min(1) });

const HourRange = z.object({
  /** Days the range applies to: 'weekdays' skips Saturdays, Sundays and Japanese public holidays. */
  days: z.enum(['weekdays', 'everyday']),
  open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  close: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
});

const Phone = z.object({
  number: z.string().regex(/^[0-9+()-]{6,20}$/),
  /** null = 24 hours. */
  hours: HourRange.nullable(),
  /** Only Japanese is spoken at NTT West's call center (manuals 001, 003). */
  japaneseOnly: z.boolean().default(true),
  /** Which users the line is for, when a tenant has separate lines (manual 002: graduates). */
  audience: z.enum(['all', 'students', 'graduates']).default('all'),
});

export const TenantSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  name: Localized,
  loginId: z.object({
    label: Localized,
    pattern: z.string().refine(isRegExp, 'must be a regular expression'),
    example: z.string().min(1),
  }),
  features: z.object({
    secondPassword: z.boolean(),
    twoFactor: z.boolean(),
    graduates: z.boolean(),
    studentIdAddition: z.boolean(),
  }),
  callCenter: z.array(Phone).min(1),
  /** Chat-support hours for people (the bot itself answers 24 h); null = 24 hours. */
  chatHours: HourRange.nullable(),
  senderAddress: z.string().min(3),
  webPage: z.url({ protocol: /^https?$/ }),
  authKey: z
    .object({
      lifetimeMinutes: z.number().int().min(1).max(1440).default(10),
      failureLimit: z.number().int().min(1).max(100).default(5),
    })
    .default({ lifetimeMinutes: 10, failureLimit: 5 }),
  defaultLocale: z.enum(['ja', 'en']).default('ja'),
  /** Where tickets from the chat's message form are mailed (the support center's inbox); absent = no message form. */
  staffEmail: z.email().optional(),
  /**
   * How a request for a person is served: 'console' (default) = this bot's agent console at /agent;
   * 'external' = the channel is wired to a contact-center platform, which gets Bot Framework's `handoff.initiate`.
   */
  handoffHub: z.enum(['console', 'external']).optional(),
  /** Minutes a user waits in the queue before being offered the message form instead (default 10). */
  handoffWaitMinutes: z.number().int().min(1).max(240).optional(),
});

export type Tenant = z.infer<typeof TenantSchema>;
export type TenantInput = z.input<typeof TenantSchema>;
export type HourRange = z.infer<typeof HourRange>;

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
