import { expect } from 'chai';
import { recognizeYesNo } from '../../../services/recognition/recognizeYesNo.ts';

describe('recognizeYesNo', () => {
  const yes = { answer: 'yes', contextual: false };
  const no = { answer: 'no', contextual: false };

  context('with plain answers, whatever was asked', () => {
    for (const text of ['はい', 'はい！', 'ハイ', 'うん', 'ええ', 'お願いします', 'おねがいします', 'はい、お願いします', 'はいお願いします',
      'そうです', 'そうですね', 'はいです', 'okです', 'ＯＫ', 'OK!', 'yes', 'Yes please', 'yeah', 'yep', 'sure, go ahead', 'of course',
      "that's right", 'y', '👍', 'ok👍', '⭕', '○']) {
      it(`reads ${JSON.stringify(text)} as yes`, () => {
        expect(recognizeYesNo(text, 'offer')).to.deep.equal(yes);
        expect(recognizeYesNo(text, 'confirm')).to.deep.equal(yes);
      });
    }

    for (const text of ['いいえ', 'いや', 'ううん', '違います', 'だめ', 'キャンセル', '結構です', 'けっこうです', 'いいえ、大丈夫です', '不要です',
      'no', 'No.', 'nope', 'nah', 'no thanks', 'No thank you', 'cancel', 'never mind', 'wrong', '❌', '🙅', '×']) {
      it(`reads ${JSON.stringify(text)} as no`, () => {
        expect(recognizeYesNo(text, 'offer')).to.deep.equal(no);
        expect(recognizeYesNo(text, 'confirm')).to.deep.equal(no);
      });
    }
  });

  context('with answers whose meaning depends on the question', () => {
    for (const text of ['大丈夫です', '大丈夫', 'だいじょうぶです', 'いいです', '大丈夫です、ありがとう', "I'm good", 'I’m fine, thanks', "that's fine"]) {
      it(`reads ${JSON.stringify(text)} as yes to a confirmation and no to an offer`, () => {
        expect(recognizeYesNo(text, 'confirm')).to.deep.equal({ answer: 'yes', contextual: true });
        expect(recognizeYesNo(text, 'offer')).to.deep.equal({ answer: 'no', contextual: true });
      });
    }

    it('reads 「それで結構です」 as yes: "that is fine as it is"', () => {
      expect(recognizeYesNo('それで結構です', 'confirm')).to.deep.equal(yes);
    });
  });

  context('with replies that are not yes or no', () => {
    for (const text of ['はいってない', 'うーん', 'わかりません', 'メールが届きません', 's1234567', '', '   ', 'maybe', 'yesterday', 'nobody']) {
      it(`does not read ${JSON.stringify(text)}`, () => {
        expect(recognizeYesNo(text, 'offer')).to.equal(undefined);
      });
    }
  });
});
