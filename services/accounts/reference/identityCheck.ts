import type { IdentityClaim } from '../accounts.ts';
import { graduateKey, studentKey } from './accountRecords.ts';
import type { AccountRecord, AccountRecords } from './accountRecords.ts';
import { normalizeBirthDate, normalizeEmail, normalizeId } from './normalize.ts';
import { constantTimeEqual } from './secretHash.ts';

/** Longer input is no one's login ID or address; it is still compared (against nothing) to keep the timing. */
const MAX_INPUT = 256;
/** Compared when no account matched the claim, so a missing account costs the same work as a wrong email. */
const DUMMY = { email: 'nobody@invalid.example', birthDate: '0000-00-00', studentId: '\u0000' };

export interface ClaimCheck {
  matched: boolean;
  /** The account the claim named, when one exists, even if the rest did not match (for the audit log only). */
  record?: AccountRecord;
}

/**
 * Checks a user's claim (DESIGN.md Conversation rules): students by tenant + login ID + registered
 * email, graduates by registered email + birth date or a student ID. Input is NFKC-normalised and
 * trimmed, emails lower-cased, and every comparison is constant-time and made whether or not the
 * account exists.
 */
export async function checkClaim(records: AccountRecords, claim: IdentityClaim, graduatesEnabled: boolean): Promise<ClaimCheck> {
  return claim.kind === 'student' ? await checkStudent(records, claim) : await checkGraduate(records, claim, graduatesEnabled);
}

async function checkStudent(records: AccountRecords, claim: Extract<IdentityClaim, { kind: 'student' }>): Promise<ClaimCheck> {
  const loginId = normalizeId(text(claim.loginId));
  const email = normalizeEmail(text(claim.email));
  const found = await records.byKey(studentKey(text(claim.tenant), loginId.slice(0, MAX_INPUT)));
  const record = found?.kind === 'student' ? found : undefined;
  // Before the first confirmation the only address the student has given is the pending one (003 §2.1).
  const registered = record?.email ?? record?.pendingEmail;
  const emailMatches = constantTimeEqual(email, registered ?? DUMMY.email);
  const matched = record !== undefined && registered !== undefined && loginId.length <= MAX_INPUT && emailMatches;
  return { matched, ...(record ? { record } : {}) };
}

async function checkGraduate(
  records: AccountRecords,
  claim: Extract<IdentityClaim, { kind: 'graduate' }>,
  enabled: boolean,
): Promise<ClaimCheck> {
  const email = normalizeEmail(text(claim.email));
  const found = await records.byKey(graduateKey(text(claim.tenant), email.slice(0, MAX_INPUT)));
  const record = found?.kind === 'graduate' ? found : undefined;
  const birthDate = claim.birthDate === undefined ? undefined : (normalizeBirthDate(text(claim.birthDate)) ?? '');
  const studentId = claim.studentId === undefined ? undefined : normalizeId(text(claim.studentId)).toLowerCase();
  // Both compared every time; each one the user gave must match, and at least one must be given.
  const birthMatches = constantTimeEqual(birthDate ?? '', record?.birthDate ?? DUMMY.birthDate);
  const ids = record?.studentIds.length ? record.studentIds : [DUMMY.studentId];
  const idMatches = ids.map((id) => constantTimeEqual(studentId ?? '', id.toLowerCase())).includes(true);
  const given = birthDate !== undefined || studentId !== undefined;
  const matched =
    enabled &&
    record !== undefined &&
    given &&
    email.length <= MAX_INPUT &&
    (birthDate === undefined || birthMatches) &&
    (studentId === undefined || idMatches);
  return { matched, ...(record ? { record } : {}) };
}

/** Anything but a string (a JSON body's object, a number) is no one's ID or address. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
