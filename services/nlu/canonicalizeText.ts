import type { Locale } from '../i18n/i18n.ts';
import { normalizeText } from './normalizeText.ts';
import { commonVariants, variantsFor } from './spellingVariants.ts';

/**
 * The form of a message the intent model sees, both when it is trained and when it classifies:
 * `normalizeText` (NFKC, lower case, single spaces), then one spelling per concept for `language`
 * (第２/第二/セカンド/2nd → 第2パスワード; "2nd pw" → "second password"; メアド → メールアドレス; emoji dropped).
 * Not for display: replies quote what the user wrote.
 */
export function canonicalizeText(text: string, language: Locale): string {
  let result = normalizeText(text);
  for (const [pattern, replacement] of [...commonVariants, ...variantsFor(language)]) {
    result = result.replace(pattern, replacement);
  }
  return result.replace(/\s+/gu, ' ').trim();
}
