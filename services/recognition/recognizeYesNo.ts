import { normalizeText } from '../nlu/normalizeText.ts';
import { yesNoSymbols, yesNoTable } from './yesNoTable.ts';
import type { Meaning, YesNo, YesNoContext } from './yesNoTable.ts';

/** A recognised yes or no. */
export interface YesNoAnswer {
  answer: YesNo;
  /** The words mean yes or no only through the kind of question (大丈夫です, 結構, "I'm good"): confirm with buttons before an irreversible action. */
  contextual: boolean;
}

const phrases = new Map<string, Meaning>(yesNoTable);
/** Longest first, so a reply is cut into the longest phrases (「はいお願いします」 → はい + お願いします). */
const byLength = [...phrases.keys()].sort((a, b) => b.length - a.length);
const symbols = new Map<string, YesNo>(yesNoSymbols);

/** Sentence-final particles that do not change the answer (「はいです」, 「そうですね」, 「okです」). */
const finalParticles = /(?:です|っす|でーす|ね|よ|な)+$/u;

/**
 * Reads a reply to a yes/no question in Japanese or English with the synonyms people actually type
 * (`yesNoTable`): the whole reply, else its first clause («はい、お願いします», "sure, go ahead»), which may run
 * phrases together without punctuation (「はいお願いします」). Nothing is guessed from a longer sentence:
 * 「はいってない」 ("it is not in") is not a yes. `context` says what was asked (see `YesNoContext`).
 */
export function recognizeYesNo(text: string, context: YesNoContext): YesNoAnswer | undefined {
  const symbolOnly = text.replace(/[\s\u{FE0F}]/gu, '');
  const symbol = symbols.get(symbolOnly) ?? symbols.get(symbolOnly.normalize('NFKC'));
  if (symbol) return { answer: symbol, contextual: false };
  const clauses = normalizeText(text.replace(/\p{Extended_Pictographic}/gu, ' '))
    .replace(/[’‘]/gu, "'")
    .split(/[、。,.!?！？…~〜「」"]+/u)
    .map((clause) => clause.trim())
    .filter(Boolean);
  const [first] = clauses;
  if (!first) return undefined;
  const leadingPhrase = byLength.find((phrase) => first.startsWith(`${phrase} `));
  for (const candidate of [clauses.join(' '), first, first.replace(finalParticles, ''), leadingPhrase]) {
    const meanings = candidate === undefined ? undefined : segment(candidate);
    if (meanings) return resolve(meanings, context);
  }
  return undefined;
}

/** The meanings of the phrases `text` is made of, or undefined when it is not made only of phrases. */
function segment(text: string): Meaning[] | undefined {
  if (!text) return undefined;
  const whole = phrases.get(text);
  if (whole) return [whole];
  for (const phrase of byLength) {
    if (!text.startsWith(phrase) || phrase.includes(' ')) continue;
    const rest = segment(text.slice(phrase.length));
    if (rest) return [phrases.get(phrase)!, ...rest];
  }
  return undefined;
}

/** The first plain yes or no decides («いいえ、大丈夫です» is no); otherwise the question's kind does. */
function resolve(meanings: Meaning[], context: YesNoContext): YesNoAnswer {
  const plain = meanings.find((meaning): meaning is YesNo => typeof meaning === 'string');
  if (plain) return { answer: plain, contextual: false };
  const [first] = meanings as Array<Readonly<Record<YesNoContext, YesNo>>>;
  return { answer: first![context], contextual: true };
}
