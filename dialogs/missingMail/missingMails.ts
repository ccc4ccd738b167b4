import type { Tenant } from '../../services/tenants/tenant.ts';
import type { ChecklistMail } from '../cards/missingMailChecklistCard.ts';

/** The mails a user may be missing: the three this journey troubleshoots, and the key, which has a journey of its own. */
export type MissingMail = ChecklistMail | 'authKey';

export type Audience = 'student' | 'graduate';

/**
 * Who can be missing a reset mail at this university: students where it has a second password (003 §2.4 (c)),
 * graduates where it takes graduates (002: their reset covers the password and the second password).
 */
export function resetAudiences(tenant: Tenant): Audience[] {
  return [...(tenant.features.secondPassword ? (['student'] as const) : []), ...(tenant.features.graduates ? (['graduate'] as const) : [])];
}

/** The choices of "which mail?", in the order of a student's first steps; a tenant never hears of a feature it lacks. */
export function missingMailChoices(tenant: Tenant): MissingMail[] {
  return [
    'confirmation',
    ...(resetAudiences(tenant).length > 0 ? (['reset'] as const) : []),
    'change',
    ...(tenant.features.twoFactor ? (['authKey'] as const) : []),
  ];
}

/** The sentence before the identity check: what it is for, and which address to give. */
export function purposeKey(mail: ChecklistMail, audience: Audience): string {
  return mail === 'reset' ? `missingMail:purpose.reset.${audience}` : `missingMail:purpose.${mail}`;
}

export const isMissingMail = (value: unknown): value is MissingMail =>
  value === 'confirmation' || value === 'reset' || value === 'change' || value === 'authKey';
