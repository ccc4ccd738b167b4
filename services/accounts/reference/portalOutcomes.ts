import type { Locale } from '../../i18n/i18n.ts';
import type { LinkState } from './oneTimeLinks.ts';
import type { GraduatePasswordProblems, PasswordProblem } from './passwordRules.ts';

/** A one-time URL that cannot be used: its page says which, and nothing was changed. */
export type LinkFailure = { outcome: Exclude<LinkState, 'ok'> };

/** Who the link's page is for: its language and tenant (the page is shown in the link's locale). */
export interface LinkAudience {
  locale: Locale;
  tenant: string;
}

export type LinkInspection = ({ outcome: 'valid'; kind: 'student' | 'graduate'; expiresAt: string } & LinkAudience) | LinkFailure;

/** 003 §2.1 step 8: "Mail address setting complete" → "Move to Login page". */
export type EmailConfirmation = ({ outcome: 'confirmed' } & LinkAudience) | LinkFailure;

/** Rule problems leave the link unused, so the user can correct the entry and submit again. */
export type SecondPasswordFromLink =
  | ({ outcome: 'set' } & LinkAudience)
  | { outcome: 'invalid'; problems: PasswordProblem[] }
  | LinkFailure;

export type GraduatePasswordsFromLink =
  | ({ outcome: 'set' } & LinkAudience)
  | { outcome: 'invalid'; problems: GraduatePasswordProblems }
  | LinkFailure;

/** The session is gone ("If you close the screen, please log in again", 003 §2.3). */
export type SessionExpired = { outcome: 'sessionExpired' };
/** Past the account's failure limit: only a person (the call center) can unlock it. */
export type Locked = { outcome: 'locked' };

/**
 * The demo Student login (003 §2.3). `rejected` is the one answer for an unknown login ID and for any
 * wrong password, so the page reveals nothing a real portal would not.
 */
export type LoginOutcome =
  | { outcome: 'rejected' }
  | Locked
  /** 003 §2.1: first login, the Mail address setting screen. */
  | { outcome: 'needsEmail'; session: string }
  /** 003 §2.2: first login after the address was confirmed, the Set second password screen. */
  | { outcome: 'needsSecondPassword'; session: string }
  /** 003 §2.3 step 4: a key was mailed; the authentication key input screen. */
  | { outcome: 'needsKey'; session: string; expiresAt: string; maskedEmail: string }
  | { outcome: 'authenticated'; session: string };

export type EmailProblem = 'invalid_format' | 'full_width' | 'spaces' | 'mismatch';

/** 003 §2.1 step 6: "A confirmation mail has been sent." */
export type EmailRegistration =
  | { outcome: 'sent'; maskedEmail: string; expiresAt: string }
  | { outcome: 'invalid'; problems: EmailProblem[] }
  | { outcome: 'budgetExhausted'; retryAt: string }
  | SessionExpired;

export type InitialSecondPassword =
  | { outcome: 'set' }
  | { outcome: 'invalid'; problems: PasswordProblem[] }
  | SessionExpired;

/** 003 §2.3 steps 5–7 and §2.6. `expired` also covers a key voided since (press Reissue either way). */
export type KeyEntry =
  | { outcome: 'authenticated' }
  | { outcome: 'wrongKey'; attemptsLeft: number }
  | { outcome: 'invalidated' }
  | { outcome: 'expired' }
  | Locked
  | SessionExpired;

/** 003 §2.3 step 5-1 / §2.6 step 3: a new key mailed, the old one void. */
export type KeyReissue =
  | { outcome: 'reissued'; expiresAt: string; maskedEmail: string }
  | { outcome: 'budgetExhausted'; retryAt: string }
  | Locked
  | SessionExpired;
