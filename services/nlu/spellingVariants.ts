import type { Locale } from '../i18n/i18n.ts';

/** A rewrite applied, in order, to text that `normalizeText` has already folded (NFKC, lower case, single spaces). */
export type Variant = readonly [pattern: RegExp, replacement: string];

/**
 * Writing that differs only in form: typographic quotes, emoji (no meaning for routing), katakana words typed
 * with a hyphen or the kanji 一 instead of the long-vowel mark (パスワ-ド, パスワ一ド).
 */
export const commonVariants: readonly Variant[] = [
  [/[’‘`´]/gu, "'"],
  [/[“”]/gu, '"'],
  [/[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]/gu, ' '],
  [/(?<=\p{Script=Katakana})[-‐‑–—−一](?=\p{Script=Katakana}|[^\p{L}\p{N}]|$)/gu, 'ー'],
  [/(?<=こんにち|こんばん)わ/gu, 'は'],
  [/(?<=[おこごそぞとどのほぼもよろ])ー(?![\p{Script=Katakana}ー])/gu, 'う'],
];

/**
 * Domain words typed in hiragana instead of kanji (わすれた, とどかない, むこう): the model's Japanese features are
 * characters, so 「わすれた」 and 「忘れた」 would share nothing without this.
 */
const kanaSpellings: readonly Variant[] = [
  ['わすれ', '忘れ'], ['とどか', '届か'], ['とどき', '届き'], ['とどい', '届い'], ['にんしょう', '認証'], ['へんこう', '変更'],
  ['せってい', '設定'], ['かいじょ', '解除'], ['さいはっこう', '再発行'], ['はっこう', '発行'], ['でんわ', '電話'],
  ['ばんごう', '番号'], ['がくせき', '学籍'], ['そつぎょう', '卒業'], ['しょうめいしょ', '証明書'], ['いんさつ', '印刷'],
  ['むこう', '無効'], ['きげん', '期限'], ['とうろく', '登録'], ['しんせい', '申請'], ['かくにん', '確認'], ['ついか', '追加'],
  ['おもいだせ', '思い出せ'], ['わから', '分から'], ['わかん', '分かん'], ['ひょうじ', '表示'], ['えいご', '英語'],
  ['にほんご', '日本語'], ['めいわく', '迷惑'], ['じゅしん', '受信'], ['へんしん', '返信'],
].map(([kana, kanji]) => [new RegExp(kana!, 'gu'), kanji!] as const);

/**
 * One spelling per concept in Japanese messages, so the model learns one word instead of six: the manuals write
 * 「第2パスワード」「2段階認証」「認証キー」; users also write 第２/第二/セカンド/2nd, 二要素認証/2FA, 認証コード,
 * メアド, ﾒｰﾙ (folded by NFKC) and English words inside Japanese sentences ("passwordを忘れた").
 */
export const japaneseVariants: readonly Variant[] = [
  [/(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]) (?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー])/gu, ''],
  [/(?:第[2二弐]|弟[2二]|2nd|second|secound|セカンド|せかんど|2つ目の?|二つ目の?|ふたつめの?) ?(?:パスワード|ぱすわーど|パス|password|passwd|pass|pwd|pw)/gu, '第2パスワード'],
  [/(?:password|passwd|pwd|pw|ぱすわーど|パスワ(?=[をがはもの忘]))/gu, 'パスワード'],
  [/(?:[2二] ?(?:段階|要素|ステップ)|two ?-?factor|2 ?-?factor|2fa|多要素|ニ段階) ?(?:認証|にんしょう|authentication)?/gu, '2段階認証'],
  [/(?:認証|にんしょう|ニンショウ) ?(?:key|キー|きー|コード|code|番号|ばんごう)|authentication key|auth ?key|ワンタイムパスワード|ワンタイムパス/gu, '認証キー'],
  [/でんわばんごう|デンワバンゴウ/gu, '電話番号'],
  [/(?:e ?-?mail|mail|eメール|e-メール|メール|めーる) ?(?:address|adress|アドレス|あどれす)|メアド|めあど|メルアド|メールアド/gu, 'メールアドレス'],
  [/\be ?-?mail|eメール|e-メール|めーる|メイル|\bmail\b/gu, 'メール'],
  [/log ?-?in|sign ?-?in|サインイン|ろぐいん|ログオン/gu, 'ログイン'],
  [/学生証?番号|学番|学籍no\.?|student (?:id|number|no\.?)/gu, '学籍番号'],
  [/アイディー?|あいでぃー?|ユーザー?id/gu, 'id'],
  [/スマホ|すまほ|スマフォ|スマートホン|smartphone/gu, 'スマートフォン'],
  [/\bpc\b|ぱそこん/gu, 'パソコン'],
  [/ブラウザー|ぶらうざ|\bbrowser\b/gu, 'ブラウザ'],
  [/オペレータ(?!ー)|\boperator\b/gu, 'オペレーター'],
  [/コンビニエンスストア|こんびに/gu, 'コンビニ'],
  [/問合せ|問い合せ|問合わせ/gu, '問い合わせ'],
  ...kanaSpellings,
  [/\bkey\b/gu, 'キー'],
  [/\breset\b/gu, 'リセット'],
  [/\block(?:ed)?\b/gu, 'ロック'],
  [/\benglish\b/gu, '英語'],
  [/\bjapanese\b/gu, '日本語'],
];

/**
 * One spelling per concept in English messages: the abbreviations and misspellings of people typing fast or
 * in a second language ("2nd pw", "authentification key", "didnt recieve", "mail adress", "log-in"), and the
 * manuals' Japanese terms quoted inside English sentences ("I forgot my 第2パスワード").
 */
export const englishVariants: readonly Variant[] = [
  [/第[2二]パスワード|第二パスワード|セカンドパスワード/gu, ' second password '],
  [/パスワード/gu, ' password '],
  [/認証キー/gu, ' authentication key '],
  [/メールアドレス|メアド/gu, ' email address '],
  [/メール/gu, ' email '],
  [/学籍番号/gu, ' student number '],
  [/\b(?:passwrd|passward|passowrd|pasword|paswd|passwd|pwd|pw|psw|pword|pass word)\b/gu, 'password'],
  [/\b(?:2nd|secound|seccond|scond|secondary|2) ?-?(?:password|pass)\b/gu, 'second password'],
  [/\b2nd\b/gu, 'second'],
  [/\b(?:authentification|authentiation|authenication|autentication|authetication|authentcation)\b/gu, 'authentication'],
  [/\b(?:auth(?:entication)?|verification|2fa|otp) ?(?:key|code)\b|\bauthkey\b/gu, 'authentication key'],
  [/\b(?:(?:2|two) ?-?(?:factor|step)|multi ?-?factor|2fa|mfa)(?: (?:auth(?:entication)?|verification))?\b/gu, 'two factor authentication'],
  [/\b(?:e ?-?mail|mail) ?ad+res+\b/gu, 'email address'],
  [/\be ?-mail\b|\be mail\b/gu, 'email'],
  [/\bad+res+\b/gu, 'address'],
  [/\blog ?into\b/gu, 'login to'],
  [/\blog ?-?in\b|\blogon\b|\bsign ?-?in\b/gu, 'login'],
  [/\bwo ?n'?t\b/gu, 'will not'],
  [/\bcan ?not\b|\bcan'?t\b/gu, 'cannot'],
  [/\b(do|does|did|is|was|are|were|has|have|had|could|should|would)n'?t\b/gu, '$1 not'],
  [/\brec(?:ie|i|ei)v(e|ed|es|ing)\b/gu, 'receiv$1'],
  [/\b(?:brower|browswer|broswer|browsr|brouser)(s?)\b/gu, 'browser$1'],
  [/\boperater\b/gu, 'operator'],
  [/\bstudent (?:id number|id no\.?|id|no\.?|num|#)(?![\p{L}\p{N}])/gu, 'student number'],
  [/\bi\.d\.?/gu, 'id'],
  [/\bu\b/gu, 'you'],
  [/\bur\b/gu, 'your'],
  [/\b(?:pls|plz|plse|pleas)\b/gu, 'please'],
  [/\b(?:thx|thanx|thnx|tks|thankyou|thank u)\b/gu, 'thanks'],
  [/\bhel+o+\b/gu, 'hello'],
  [/\bhii+\b/gu, 'hi'],
  [/\bhe+y+\b/gu, 'hey'],
];

/** The rewrites for a message in `language`, after the common ones. */
export const variantsFor = (language: Locale): readonly Variant[] =>
  language === 'ja' ? japaneseVariants : englishVariants;
