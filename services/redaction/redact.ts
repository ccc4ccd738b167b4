/**
 * Removes what must never be stored or shown to an agent: passwords, second passwords,
 * authentication keys and one-time links a user pastes (DESIGN.md, Conversation rules).
 * Detection runs on the NFKC form, so full-width input is caught too.
 */
export const REDACTED = '[redacted]';

const rules: readonly RegExp[] = [
  // One-time links: a URL carrying a long random token in its path or query.
  /https?:\/\/\S*[A-Za-z0-9_-]{20,}\S*/gu,
  // A value right after a word that names a secret: "password: Abcd1234", 「第2パスワードはAbcd1234」, 「認証キー 483920」.
  // The value is half-width text with a digit in it (NFKC has folded full-width input), so the words of a message
  // about a password are not taken for one: 「第2パスワードを忘れました」, 「認証キーが届きません」, "password please".
  /((?:(?<![a-z])(?:pass\s*word|passwd|pwd|pw|passcode|auth(?:entication)?\s*key)|認証キー|パスワード|暗証番号)\s*(?:is|was|=|:|は|が|を)?\s*)(?=[\x21-\x7e]*\d)[\x21-\x7e]{4,}/giu,
  // Digits right after a bare "key" or キー: "my key 483920", 「キーは483920」. Digits only, so a login ID after the
  // word ("key s1234567", a staff command) stays readable.
  /((?<![a-z])(?:key|キー)\s*(?:is|was|=|:|は|が|を)?\s*)\d{4,8}(?!\d)/giu,
  // Password-shaped tokens: 8+ half-width alphanumerics mixing upper case, lower case and digits.
  /(?<![\w@.-])(?=[A-Za-z0-9]{0,63}[A-Z])(?=[A-Za-z0-9]{0,63}[a-z])(?=[A-Za-z0-9]{0,63}\d)[A-Za-z0-9]{8,64}(?![\w@.-])/gu,
];

/** The text with secrets replaced by a placeholder; the original text when there were none. */
export function redactText(text: string): string {
  const normalized = text.normalize('NFKC');
  let redacted = normalized;
  for (const rule of rules) {
    redacted = redacted.replace(rule, (match: string, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return redacted === normalized ? text : redacted;
}

/** True when the text carries something that looks like a secret. */
export const containsSecret = (text: string): boolean => redactText(text) !== text;

/** A copy of an activity-like object whose `text` and `value` strings are redacted. */
export function redactActivity<T extends { text?: string; value?: unknown }>(activity: T): T {
  const copy = { ...activity };
  if (typeof copy.text === 'string') copy.text = redactText(copy.text);
  if (copy.value !== undefined) copy.value = redactValue(copy.value);
  return copy;
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  }
  return value;
}
