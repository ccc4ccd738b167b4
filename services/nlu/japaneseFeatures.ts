/** Bump when the features change: a cached model built from other features must be retrained. */
export const japaneseFeaturesVersion = 2;

const run = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]+|[a-z0-9]+/gu;
const japaneseChar = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]/u;
const hiraganaOnly = /^\p{Script=Hiragana}+$/u;
const kanji = /\p{Script=Han}/u;

/**
 * What the intent model sees of a Japanese message, in place of nlp.js's kuromoji stemmer: the words of lang-ja's
 * TinySegmenter (minus digits and lone particles), the character bigrams of every Japanese run except all-hiragana
 * ones (した, たい, です: grammar shared by every intent), and single kanji (認, 証 of 認証キー). The usual
 * dictionary-free features for Japanese text classification: they survive segmentation mistakes and typos.
 * kuromoji's dictionary costs ~320 MB of memory and ~1 s of start-up (issue 4 budget: 150 MB, 2 s) for one more
 * Japanese dev-set message right in 316 (top-1 0.965 with it, 0.962 with these features).
 * Latin words inside the message ("gmail", "2fa") are features as they are.
 */
export function japaneseFeatures(words: readonly string[], text: string): string[] {
  const features = words.filter((word) => !/^\d+$/u.test(word) && !/^\p{Script=Hiragana}$/u.test(word));
  for (const part of text.match(run) ?? []) {
    if (!japaneseChar.test(part)) {
      features.push(part);
      continue;
    }
    const characters = [...part];
    for (let index = 0; index + 1 < characters.length; index += 1) {
      const bigram = characters[index]! + characters[index + 1]!;
      if (!hiraganaOnly.test(bigram)) features.push(bigram);
    }
    features.push(...characters.filter((character) => kanji.test(character)));
  }
  return features;
}
