import { expect } from 'chai';
import { detectLanguage } from '../../../services/nlu/detectLanguage.ts';

describe('detectLanguage', () => {
  for (const [text, language] of [
    ['認証キーが届きません', 'ja'],
    ['ﾒｰﾙが届かない', 'ja'],
    ['passwordを忘れた', 'ja'],
    ['Chromeで見られない', 'ja'],
    ['認証キー 再発行', 'ja'],
    ['Chrome 非対応', 'ja'],
    ['ＩＤがわからない', 'ja'],
    ['forgot my 2nd pw', 'en'],
    ['I cant login', 'en'],
    ['I forgot my 第2パスワード', 'en'],
    ['ＨＥＬＬＯ', 'en'],
    ['ok 👍', 'en'],
    ['Hi!', 'en'],
  ] as const) {
    it(`reads ${JSON.stringify(text)} as ${language}`, () => {
      expect(detectLanguage(text)).to.equal(language);
    });
  }

  for (const text of ['s1234567', 'ｓ１２３４５６７', 'taro@example.com', '2015/03', '１２３', '👍', '', '!?', 'https://example.com/a']) {
    it(`cannot tell the language of ${JSON.stringify(text)}`, () => {
      expect(detectLanguage(text)).to.equal(undefined);
    });
  }
});
