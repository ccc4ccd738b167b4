import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { localesDir } from '../../../../services/i18n/i18n.ts';
import {
  graduatePasswordProblems,
  passwordProblems,
  ruleProblems,
  secondPasswordProblems,
} from '../../../../services/accounts/reference/passwordRules.ts';
import type { PasswordProblem } from '../../../../services/accounts/reference/passwordRules.ts';

const strings = (locale: string): { problems: Record<string, string>; rules: Record<string, string> } =>
  JSON.parse(readFileSync(path.join(localesDir, locale, 'passwordRules.json'), 'utf8')) as { problems: Record<string, string>; rules: Record<string, string> };

describe('passwordRules', () => {
  describe('ruleProblems', () => {
    // 003 §2.2: ≥ 8 characters, an upper A–Z, a lower a–z, a digit 0–9, nothing but half-width alphanumerics.
    const cases: Array<[string, string, PasswordProblem[]]> = [
      ['a valid one', 'Abcdefg1', []],
      ['a long valid one', 'A1b2C3d4E5f6G7h8', []],
      ['seven characters', 'Abcdef1', ['too_short']],
      ['no upper-case letter', 'abcdefg1', ['no_upper']],
      ['no lower-case letter', 'ABCDEFG1', ['no_lower']],
      ['no digit', 'Abcdefgh', ['no_digit']],
      ['a symbol', 'Abcdef1!', ['invalid_characters']],
      ['a space inside', 'Abcd efg1', ['invalid_characters', 'spaces']],
      ['a full-width space', 'Abcd\u3000efg1', ['invalid_characters', 'full_width', 'spaces']],
      ['full-width letters and digits only', 'ＡＢＣＤｅｆｇ１', ['no_upper', 'no_lower', 'no_digit', 'invalid_characters', 'full_width']],
      ['one full-width digit', 'Abcdefg１', ['no_digit', 'invalid_characters', 'full_width']],
      ['kana', 'Abcdefg1あ', ['invalid_characters', 'full_width']],
      ['an accented capital (not A–Z)', 'Àbcdefg1', ['no_upper', 'invalid_characters']],
      ['nothing at all', '', ['too_short', 'no_upper', 'no_lower', 'no_digit']],
      ['every rule broken', 'ａ !', ['too_short', 'no_upper', 'no_lower', 'no_digit', 'invalid_characters', 'full_width', 'spaces']],
    ];
    for (const [name, value, expected] of cases) {
      it(`names ${expected.length === 0 ? 'nothing' : expected.join(', ')} for ${name}`, () => {
        expect(ruleProblems(value)).to.deep.equal(expected);
      });
    }

    it('counts characters, not UTF-16 units', () => {
      expect(ruleProblems('Ab1😀😀😀😀😀')).to.not.include('too_short');
      expect(ruleProblems('Ab1😀')).to.include('too_short');
    });
  });

  describe('secondPasswordProblems', () => {
    it('adds mismatch when the Check entry differs', () => {
      expect(secondPasswordProblems('Abcdefg1', 'Abcdefg2')).to.deep.equal(['mismatch']);
      expect(secondPasswordProblems('Abcdefg1', 'Abcdefg1')).to.deep.equal([]);
      expect(secondPasswordProblems('abc', 'abd')).to.deep.equal(['too_short', 'no_upper', 'no_digit', 'mismatch']);
    });
  });

  describe('graduatePasswordProblems', () => {
    const valid = { password: 'Password1', passwordCheck: 'Password1', secondPassword: 'Second22', secondPasswordCheck: 'Second22' };

    it('accepts two different valid entries', () => {
      expect(graduatePasswordProblems(valid)).to.deep.equal({ password: [], secondPassword: [] });
    });

    it('refuses a second password equal to the password (002 §2.1: they must be different)', () => {
      const same = { ...valid, secondPassword: 'Password1', secondPasswordCheck: 'Password1' };
      expect(graduatePasswordProblems(same)).to.deep.equal({ password: [], secondPassword: ['same_as_password'] });
    });

    it('checks the rules and the Check entry of each field separately', () => {
      const input = { password: 'short', passwordCheck: 'short', secondPassword: 'Second22', secondPasswordCheck: 'Second23' };
      expect(graduatePasswordProblems(input)).to.deep.equal({ password: ['too_short', 'no_upper', 'no_digit'], secondPassword: ['mismatch'] });
    });
  });

  describe('locale strings', () => {
    for (const locale of ['ja', 'en']) {
      it(`name every problem and every rule in ${locale}`, () => {
        const { problems, rules } = strings(locale);
        expect(Object.keys(problems).sort()).to.deep.equal([...passwordProblems].sort());
        for (const code of passwordProblems) expect(problems[code], code).to.be.a('string').and.not.equal('');
        expect(Object.keys(rules)).to.include.members(['minLength', 'upper', 'lower', 'digit', 'halfWidthOnly']);
      });
    }

    it('speak Japanese politely (です・ます) and name 全角 and スペース', () => {
      const { problems } = strings('ja');
      for (const [code, text] of Object.entries(problems)) expect(text, code).to.match(/(です|ます|ください|ません)。$/);
      expect(problems.full_width).to.include('全角');
      expect(problems.spaces).to.include('スペース');
    });

    it("quote manual 003 §2.2's rule list in English", () => {
      expect(strings('en').rules.upper).to.equal('One or more half-width, uppercase alphabetic characters (A to Z) must be contained.');
    });
  });
});
