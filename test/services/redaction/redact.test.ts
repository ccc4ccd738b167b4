import { expect } from 'chai';
import { REDACTED, containsSecret, redactActivity, redactText } from '../../../services/redaction/redact.ts';

describe('redactText', () => {
  for (const [name, text] of [
    ['a password after "password is"', 'my password is Secret99x'],
    ['a second password after 第2パスワードは', '第2パスワードはAbcd1234です'],
    ['a full-width password', '第２パスワードはＡｂｃｄ１２３４'],
    ['a password-shaped token alone', 'Abcd1234'],
    ['an authentication key after 認証キー', '認証キー 483920'],
    ['a key after "my key"', 'my key 483920'],
    ['a key after キーは', 'キーは483920です'],
    ['a one-time link', 'https://cert.example.jp/reset/Zk3qL9xP0aB7cD2eF5gH8iJ'],
  ] as const) {
    it(`replaces ${name}`, () => {
      const redacted = redactText(text);
      expect(redacted).to.include(REDACTED);
      expect(containsSecret(text)).to.equal(true);
    });
  }

  for (const [name, text] of [
    ['a greeting', 'こんにちは'],
    ['a login ID and an email', 's1234567 taro@example-u.ac.jp'],
    ['a question about browsers', 'Which browsers work on iPhone?'],
    ['a message about a forgotten second password', '第2パスワードを忘れました'],
    ['a message about a missing key', '認証キーが届きません'],
    ['an English message about a password', "I forgot my password please help, my password isn't working"],
    ['a password-reset question', 'password reset for 2 accounts'],
    ['a message about a key that expired', 'my key expired at 10:30, can you send a new key?'],
    ['a question about the key in Japanese', 'キーの有効期限は何分ですか'],
    ['a login ID after "key" (a staff command)', '/reissue-key s1234567'],
  ] as const) {
    it(`leaves ${name} untouched`, () => {
      expect(redactText(text)).to.equal(text);
    });
  }
});

describe('redactActivity', () => {
  it('redacts text and nested string values without changing the original', () => {
    const activity = { text: 'pw: Qwerty123', value: { form: { secret: 'Qwerty123' } } };
    const redacted = redactActivity(activity);
    expect(redacted.text).to.equal(`pw: ${REDACTED}`);
    expect(JSON.stringify(redacted.value)).not.to.include('Qwerty123');
    expect(activity.text).to.equal('pw: Qwerty123');
  });
});
