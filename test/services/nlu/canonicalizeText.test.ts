import { expect } from 'chai';
import { canonicalizeText } from '../../../services/nlu/canonicalizeText.ts';
import { normalizeText } from '../../../services/nlu/normalizeText.ts';

describe('canonicalizeText', () => {
  it('starts from normalizeText: NFKC, lower case, single spaces', () => {
    expect(canonicalizeText('  ＩＤ　が  ＡＢＣ ', 'en')).to.equal(normalizeText('  ＩＤ　が  ＡＢＣ '));
  });

  context('in Japanese', () => {
    for (const [written, canonical] of [
      ['第2パスワードを忘れた', '第2パスワードを忘れた'],
      ['第２パスワードを忘れた', '第2パスワードを忘れた'],
      ['第二パスワードを忘れた', '第2パスワードを忘れた'],
      ['セカンドパスワードを忘れた', '第2パスワードを忘れた'],
      ['2ndパスワードを忘れた', '第2パスワードを忘れた'],
      ['second passwordを忘れた', '第2パスワードを忘れた'],
      ['第2pwを忘れた', '第2パスワードを忘れた'],
      ['ﾒｰﾙが届かない', 'メールが届かない'],
      ['ﾊﾟｽﾜｰﾄﾞ', 'パスワード'],
      ['パスワ-ドがわからない', 'パスワードが分からない'],
      ['パスワ一ド', 'パスワード'],
      ['メアドを変えたい', 'メールアドレスを変えたい'],
      ['メール アドレス', 'メールアドレス'],
      ['e-mailアドレス', 'メールアドレス'],
      ['二段階認証', '2段階認証'],
      ['２要素認証', '2段階認証'],
      ['2FAを切りたい', '2段階認証を切りたい'],
      ['認証コードが来ない', '認証キーが来ない'],
      ['ＩＤがわからない', 'idが分からない'],
      ['loginできない', 'ログインできない'],
      ['スマホで見たい', 'スマートフォンで見たい'],
      ['わすれた', '忘れた'],
      ['こんにちわ', 'こんにちは'],
      ['おはよー', 'おはよう'],
      ['ありがとう😊👍🏻', 'ありがとう'],
    ] as const) {
      it(`reads ${JSON.stringify(written)} as ${JSON.stringify(canonical)}`, () => {
        expect(canonicalizeText(written, 'ja')).to.equal(canonical);
      });
    }
  });

  context('in English', () => {
    for (const [written, canonical] of [
      ['forgot my 2nd pw', 'forgot my second password'],
      ['Forgot 2nd password', 'forgot second password'],
      ['secound passwd', 'second password'],
      ['I didnt recieve the e-mail', 'i did not receive the email'],
      ['my mail adress', 'my email address'],
      ['auth key', 'authentication key'],
      ['authentification key expired', 'authentication key expired'],
      ['turn off 2FA', 'turn off two factor authentication'],
      ['two-factor authentication', 'two factor authentication'],
      ["I can't log-in", 'i cannot login'],
      ['Student ID no.', 'student number'],
      ['thx u', 'thanks you'],
      ['helo', 'hello'],
      ['I forgot my 第２パスワード', 'i forgot my second password'],
      ['it’s fine', "it's fine"],
    ] as const) {
      it(`reads ${JSON.stringify(written)} as ${JSON.stringify(canonical)}`, () => {
        expect(canonicalizeText(written, 'en')).to.equal(canonical);
      });
    }
  });

  it('leaves nothing of a message made only of emoji', () => {
    expect(canonicalizeText('👍🙏', 'ja')).to.equal('');
  });
});
