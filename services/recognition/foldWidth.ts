/** Text folded by NFKC one character at a time, with where each folded code unit came from. */
export interface FoldedText {
  /** NFKC of every character: full-width Latin letters, digits, ＠ and the ideographic space become ASCII. */
  folded: string;
  /** `origin[i]` is the index in the original text of the character that produced `folded[i]`. */
  origin: number[];
}

/**
 * NFKC per character, so that a match in the folded text maps back to what the user typed (to tell them
 * "your address contains full-width characters"). Per-character folding differs from folding the whole
 * string only for combining marks, which do not occur in addresses or IDs.
 */
export function foldWidth(text: string): FoldedText {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const character of text) {
    const normalized = character.normalize('NFKC');
    folded += normalized;
    for (let unit = 0; unit < normalized.length; unit += 1) origin.push(index);
    index += character.length;
  }
  return { folded, origin };
}

/** The part of the original text behind `folded.slice(start, end)`. */
export function originalSpan({ origin }: FoldedText, text: string, start: number, end: number): string {
  const from = origin[start] ?? text.length;
  const last = origin[end - 1] ?? from;
  const lastCharacter = String.fromCodePoint(text.codePointAt(last) ?? 0);
  return text.slice(from, last + lastCharacter.length);
}

/** True when the text has characters that NFKC changes (full-width letters and digits, ＠, the ideographic space). */
export const hasFullWidth = (text: string): boolean => text.normalize('NFKC') !== text;
