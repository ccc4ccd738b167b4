import { hasFullWidth } from './foldWidth.ts';

/** A login ID found in a message. */
export interface LoginIdMention {
  /** The ID as the tenant's pattern accepts it: NFKC (half-width), without spaces. */
  loginId: string;
  /** Exactly what the user typed for it. */
  original: string;
  /** The user typed spaces inside it ("s123 4567"): worth pointing out, as the manuals do for addresses. */
  hadSpaces: boolean;
  /** The user typed full-width characters (ｓ１２３４５６７). */
  hadFullWidth: boolean;
}

/** Latin letters, digits and ID punctuation, with spaces inside (after NFKC): Japanese words around an ID are not part of it. */
const idChunk = /[A-Za-z0-9._@-]+(?: +[A-Za-z0-9._@-]+)*/gu;

/**
 * Finds the login ID in a message by the tenant's `loginId.pattern` (e.g. `^s\d{7}$`), after NFKC and with inner
 * spaces removed: 「学籍番号はｓ１２３ ４５６７です」 gives s1234567, reporting the full-width characters and the space.
 * Tries the fewest consecutive words first, so "my ID is s1234567" gives s1234567, not "idiss1234567".
 * When the exact form does not match, the lower-case form is tried (users capitalise "S1234567").
 */
export function recognizeLoginId(text: string, pattern: string): LoginIdMention | undefined {
  const accepts = new RegExp(pattern, 'u');
  const matches = (candidate: string): string | undefined =>
    [candidate, candidate.toLowerCase()].find((form) => accepts.test(form));
  for (const chunk of text.normalize('NFKC').match(idChunk) ?? []) {
    const loginId = fewestWords(chunk, matches);
    if (!loginId) continue;
    const original = originalOf(text, loginId);
    return { loginId, original, hadSpaces: /\s/u.test(original), hadFullWidth: hasFullWidth(original.replace(/ /gu, '')) };
  }
  return undefined;
}

/** The ID made of the fewest consecutive words of `chunk`, leftmost first. */
function fewestWords(chunk: string, matches: (candidate: string) => string | undefined): string | undefined {
  const words = chunk.split(/ +/u);
  for (let length = 1; length <= words.length; length += 1) {
    for (let start = 0; start + length <= words.length; start += 1) {
      const slice = words.slice(start, start + length);
      // A full stop or dash around the ID belongs to the sentence ("My ID is s1234567.").
      const joined = slice.join('');
      const loginId = matches(joined) ?? matches(joined.replace(/^[.\-_]+|[.\-_]+$/gu, ''));
      if (loginId) return loginId;
    }
  }
  return undefined;
}

/** The original characters behind an ID: the first span whose NFKC, spaces removed, equals it (in any case). */
function originalOf(text: string, loginId: string): string {
  const target = loginId.toLowerCase();
  const characters = [...text];
  for (let start = 0; start < characters.length; start += 1) {
    if (/\s/u.test(characters[start]!)) continue;
    let folded = '';
    for (let end = start; end < characters.length; end += 1) {
      folded += characters[end]!.normalize('NFKC').replace(/\s/gu, '').toLowerCase();
      if (folded === target) return characters.slice(start, end + 1).join('');
      if (!target.startsWith(folded)) break;
    }
  }
  return loginId;
}
