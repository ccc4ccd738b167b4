import { expect } from 'chai';
import { KeywordNlu } from '../../../services/nlu/keywordNlu.ts';
import { normalizeText } from '../../../services/nlu/normalizeText.ts';

describe('KeywordNlu', () => {
  const nlu = KeywordNlu.load();

  describe('#recognize', () => {
    for (const [text, locale, intent] of [
      ['こんにちは', 'ja', 'greeting'],
      ['ありがとうございました！', 'ja', 'thanks_bye'],
      ['ＩＰＨＯＮＥで使えますか', 'ja', 'supported_browsers'],
      ['コールセンターの電話番号を教えて', 'ja', 'contact_hours'],
      ['印刷の期限はいつまで？', 'ja', 'certificate_printing'],
      ['Hello!', 'en', 'greeting'],
      ['Which browser should I use', 'en', 'supported_browsers'],
      ['call center hours please', 'en', 'contact_hours'],
      ['ブラウザ', 'en', 'supported_browsers'],
    ] as const) {
      it(`recognises ${JSON.stringify(text)} (${locale}) as ${intent}`, async () => {
        expect((await nlu.recognize(text, locale)).intent).to.equal(intent);
      });
    }

    it('matches Latin keywords as whole words only ("hi" is not in "this")', async () => {
      expect((await nlu.recognize('this', 'en')).intent).to.equal('none');
    });

    it('returns none for text it has no rule for', async () => {
      expect(await nlu.recognize('zzqx', 'ja')).to.deep.equal({ intent: 'none', score: 0 });
    });
  });
});

describe('normalizeText', () => {
  it('folds full-width letters and digits, half-width kana, case and spaces', () => {
    expect(normalizeText('  ＡＢＣ　１２３  ﾒｰﾙ  ')).to.equal('abc 123 メール');
  });
});
