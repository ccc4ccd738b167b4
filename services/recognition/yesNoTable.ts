/** What a reply to a yes/no question means. */
export type YesNo = 'yes' | 'no';

/**
 * The kind of question asked, which decides the polite Japanese (and some English) replies:
 * - `confirm`: "Is this right? / Is it OK as it is?" (このアドレスでよろしいですか？) — 大丈夫です, 結構です and
 *   いいです mean "yes, that is fine".
 * - `offer`: "Shall I…? / Would you like…? / Anything else?" (再送しましょうか？) — the same words are the polite
 *   refusal "no, thank you".
 */
export type YesNoContext = 'confirm' | 'offer';

/** An answer that is the same whatever was asked, or one per kind of question. */
export type Meaning = YesNo | Readonly<Record<YesNoContext, YesNo>>;

const fine: Meaning = { confirm: 'yes', offer: 'no' };

/**
 * Replies to a yes/no question, folded by NFKC and lower-cased, without punctuation. A reply matches when it
 * equals an entry or starts with one followed by a space or punctuation (「はい、お願いします」, "yes please").
 * Longer entries win («いいえ大丈夫です» is "no", not the 「いい」 of いいです).
 */
export const yesNoTable: ReadonlyArray<readonly [phrase: string, meaning: Meaning]> = [
  // Japanese: plain yes.
  ...['はい', 'ハイ', 'はいはい', 'はーい', 'うん', 'ウン', 'うんうん', 'ええ', 'そう', 'そうです', 'そうそう', 'その通り', 'その通りです', 'そのとおり',
    'あってます', '合ってます', '合っています', '正しいです', 'お願いします', 'おねがいします', 'お願い', 'おねがい', 'お願いいたします',
    'よろしく', 'よろしくお願いします', '頼みます', 'たのむ', 'オッケー', 'おっけー', 'おけ', 'おk', 'いいよ', 'いいですよ', 'もちろん',
    'ぜひ', '是非', '了解', '了解です', '承知しました', 'かしこまりました', 'それで', 'それでお願いします', 'それで大丈夫です',
    'それで結構です', 'それでいいです', '問題ないです', '問題ありません', '送ってください', 'してください']
    .map((phrase) => [phrase, 'yes'] as const),
  // Japanese: plain no.
  ...['いいえ', 'いえ', 'いや', 'いやいや', 'いいや', 'ううん', 'うーん違う', '違う', '違います', 'ちがう', 'ちがいます', 'だめ', 'ダメ', '駄目',
    'やめて', 'やめます', 'やめる', 'やめておきます', 'キャンセル', 'キャンセルします', '不要', '不要です', 'いらない', 'いらないです', '要りません',
    '結構です', 'けっこうです', '遠慮します', '遠慮しておきます', 'しないでください', '間違ってます', '間違いです']
    .map((phrase) => [phrase, 'no'] as const),
  // Japanese: "it's fine" — yes to a confirmation, a polite no to an offer.
  ...['大丈夫', '大丈夫です', 'だいじょうぶ', 'だいじょうぶです', 'いいです', '結構', 'けっこう', 'ok です']
    .map((phrase) => [phrase, fine] as const),
  // English: yes.
  ...['yes', 'y', 'yeah', 'yea', 'ya', 'yep', 'yup', 'sure', 'ok', 'okay', 'k', 'kk', 'of course', 'correct', 'right', "that's right",
    'thats right', 'exactly', 'please', 'yes please', 'please do', 'go ahead', 'do it', 'sounds good', 'alright', 'all right',
    'absolutely', 'definitely', 'affirmative', 'i agree', 'agreed', 'confirm', 'confirmed']
    .map((phrase) => [phrase, 'yes'] as const),
  // English: no.
  ...['no', 'n', 'nope', 'nah', 'no thanks', 'no thank you', 'not now', 'not really', 'cancel', 'stop', "don't", 'dont', 'do not',
    'never mind', 'nevermind', 'wrong', 'incorrect', "that's wrong", 'negative', 'no need']
    .map((phrase) => [phrase, 'no'] as const),
  // English: "I'm fine / I'm good" — yes to "is this OK?", a refusal of an offer.
  ...["i'm good", 'im good', "i'm fine", 'im fine', 'fine', "it's fine", 'its fine', "that's fine", 'thats fine']
    .map((phrase) => [phrase, fine] as const),
];

/** Emoji and marks used as whole replies: ⭕/○ and 🙆 are yes in Japan, ❌/× and 🙅 no. */
export const yesNoSymbols: ReadonlyArray<readonly [symbol: string, meaning: YesNo]> = [
  ['👍', 'yes'], ['🙆', 'yes'], ['⭕', 'yes'], ['○', 'yes'], ['◯', 'yes'], ['✅', 'yes'], ['👌', 'yes'],
  ['👎', 'no'], ['🙅', 'no'], ['❌', 'no'], ['×', 'no'], ['✕', 'no'], ['✖', 'no'],
];
