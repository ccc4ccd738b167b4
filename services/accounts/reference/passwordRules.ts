/**
 * The second-password rules of manual 003 §2.2 (the same in 000 §2.2 and for graduates in 002 §2.1):
 * at least eight characters, at least one half-width upper-case letter A–Z, one lower-case letter
 * a–z and one digit 0–9, and nothing but half-width alphanumerics. Every broken rule is reported, so
 * a page or the bot can name each one (issue 3: "each broken rule named in the error").
 */
export type PasswordProblem =
  | 'too_short'
  | 'no_upper'
  | 'no_lower'
  | 'no_digit'
  | 'invalid_characters'
  /** Also flagged with `invalid_characters`: the manuals' own checklist names full-width input. */
  | 'full_width'
  /** Also flagged with `invalid_characters`: spaces typed by mistake (manual checklist "unnecessary spaces"). */
  | 'spaces'
  /** The entry and its "Check" field differ. */
  | 'mismatch'
  /** Graduates (002 §2.1): the password and the second password must be different. */
  | 'same_as_password'
  /** Graduates (002 §2.2 (e)): not the old or initial password. */
  | 'reused';

/** In the order a page lists them. */
export const passwordProblems: readonly PasswordProblem[] = [
  'too_short',
  'no_upper',
  'no_lower',
  'no_digit',
  'invalid_characters',
  'full_width',
  'spaces',
  'mismatch',
  'same_as_password',
  'reused',
];

export const MIN_LENGTH = 8;

// East Asian Wide and Fullwidth blocks: kana, kanji, hangul, the ideographic space, full-width ASCII and signs.
const FULL_WIDTH = new RegExp(
  '[\u1100-\u115F\u2E80-\u303E\u3040-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F' +
    '\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{20000}-\u{3FFFD}]',
  'u',
);

/** The rules alone, for one value. An empty list means the value may be set. */
export function ruleProblems(value: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Characters, not UTF-16 units: "ａ" or an emoji is one character the user typed.
  if ([...value].length < MIN_LENGTH) problems.push('too_short');
  if (!/[A-Z]/.test(value)) problems.push('no_upper');
  if (!/[a-z]/.test(value)) problems.push('no_lower');
  if (!/[0-9]/.test(value)) problems.push('no_digit');
  if (/[^A-Za-z0-9]/.test(value)) {
    problems.push('invalid_characters');
    if (FULL_WIDTH.test(value)) problems.push('full_width');
    if (/\s/u.test(value)) problems.push('spaces');
  }
  return problems;
}

/** A student's second password and its "Check" entry (003 §2.2, §2.4 (c)). */
export function secondPasswordProblems(secondPassword: string, check: string): PasswordProblem[] {
  const problems = ruleProblems(secondPassword);
  if (secondPassword !== check) problems.push('mismatch');
  return problems;
}

export interface GraduatePasswordsInput {
  password: string;
  passwordCheck: string;
  secondPassword: string;
  secondPasswordCheck: string;
}

/** Problems per field of the graduates' Password Setting screen. */
export interface GraduatePasswordProblems {
  password: PasswordProblem[];
  secondPassword: PasswordProblem[];
}

/**
 * A graduate's new password and second password (002 §2.1 step 21, §2.2 (e) step 6). Whether the
 * password repeats the old or initial one needs the stored hash: the caller adds `reused`.
 */
export function graduatePasswordProblems(input: GraduatePasswordsInput): GraduatePasswordProblems {
  const password = ruleProblems(input.password);
  if (input.password !== input.passwordCheck) password.push('mismatch');
  const secondPassword = secondPasswordProblems(input.secondPassword, input.secondPasswordCheck);
  if (input.password.length > 0 && input.password === input.secondPassword) secondPassword.push('same_as_password');
  return { password, secondPassword };
}
