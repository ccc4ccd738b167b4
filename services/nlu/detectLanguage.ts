import type { Locale } from '../i18n/i18n.ts';

const hiragana = /\p{Script=Hiragana}/u;

/** Kana or kanji: the bot speaks no Chinese, so kanji count as Japanese too. */
const japaneseScript = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}々〆ヶー]/u;

/** Written in Latin letters whatever the writer's language: addresses, links, IDs with digits ("s1234567", "2FA"). */
const languageNeutral = /\S+@\S+|(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}._-]*\p{N}[\p{L}\p{N}._-]*/gu;

/** A Latin word of two letters or more, or the pronoun "I". */
const latinWord = /(?<![\p{L}])(?:\p{Script=Latin}{2,}|i)(?![\p{L}])/giu;

/**
 * The language one message is written in (issue 4: the reply follows the user's language per message).
 * - Hiragana (Japanese grammar) makes it Japanese: 「passwordを忘れた」 is a Japanese sentence with an English word.
 * - Kanji or katakana without hiragana are Japanese unless two or more English words carry the sentence:
 *   「認証キー 再発行」 and "Chrome 非対応" are Japanese, "I forgot my 第2パスワード" is English.
 * - Latin words alone make it English: "forgot my 2nd pw".
 * - Nothing to go by (an ID such as "s1234567", an address, digits, an emoji) gives `undefined`:
 *   the caller keeps the conversation's language.
 */
export function detectLanguage(text: string): Locale | undefined {
  const folded = text.normalize('NFKC');
  if (hiragana.test(folded)) return 'ja';
  const englishWords = folded.replace(languageNeutral, ' ').match(latinWord)?.length ?? 0;
  if (japaneseScript.test(folded)) return englishWords >= 2 ? 'en' : 'ja';
  return englishWords > 0 ? 'en' : undefined;
}
