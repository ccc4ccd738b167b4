import { expect } from 'chai';
import { checkEmailAddress, needsCorrection } from '../../../services/recognition/checkEmailAddress.ts';
import type { AddressCheck } from '../../../services/recognition/checkEmailAddress.ts';

const known = { knownDomains: ['example-u.ac.jp'] };
const check = (text: string): AddressCheck => checkEmailAddress(text, known);

describe('checkEmailAddress', () => {
  context('when the address is written correctly', () => {
    it("finds nothing wrong with a university's own address", () => {
      expect(check('taro@example-u.ac.jp')).to.deep.equal({ outcome: 'checked', address: 'taro@example-u.ac.jp', original: 'taro@example-u.ac.jp', findings: [] });
    });

    it('reads the address inside a Japanese sentence', () => {
      expect(check('登録するのは taro.yamada@example-u.ac.jp です')).to.include({ outcome: 'checked', address: 'taro.yamada@example-u.ac.jp' });
    });

    it('takes the same address typed twice (both fields of the screen) as one', () => {
      expect(check('taro@example-u.ac.jp taro@example-u.ac.jp')).to.include({ outcome: 'checked', address: 'taro@example-u.ac.jp' });
    });
  });

  context("when it breaks the screen's checklist", () => {
    it('reports full-width characters and gives the half-width address', () => {
      expect(check('ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ')).to.deep.equal({
        outcome: 'checked',
        address: 'taro@example-u.ac.jp',
        original: 'ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ',
        findings: [{ kind: 'fullWidth' }],
      });
    });

    it('reports spaces around "@" and gives the address without them', () => {
      expect(check('taro @ example-u.ac.jp')).to.deep.include({ address: 'taro@example-u.ac.jp', findings: [{ kind: 'spaces' }] });
    });

    it('reports an ideographic space as a space and as full-width', () => {
      expect(check('taro　@example-u.ac.jp')).to.deep.include({ findings: [{ kind: 'spaces' }, { kind: 'fullWidth' }] });
    });

    it('joins a word typed before the address as part of it ("yamada taro@…"), and reports the space', () => {
      expect(check('yamada taro@example-u.ac.jp')).to.deep.equal({
        outcome: 'checked',
        address: 'yamadataro@example-u.ac.jp',
        original: 'yamada taro@example-u.ac.jp',
        findings: [{ kind: 'spaces' }],
      });
    });

    it('does not join a word that is not part of an address ("yes taro@…")', () => {
      expect(check('yes taro@example-u.ac.jp')).to.deep.include({ address: 'taro@example-u.ac.jp', findings: [] });
    });

    it('suggests the likely domain for a typo (gmial.com → gmail.com), and still warns about free mail', () => {
      expect(check('taro@gmial.com')).to.deep.include({
        address: 'taro@gmial.com',
        findings: [
          { kind: 'domainTypo', domain: 'gmial.com', suggestedDomain: 'gmail.com', suggestion: 'taro@gmail.com' },
          { kind: 'provider', provider: 'free', domain: 'gmail.com' },
        ],
      });
    });

    it("suggests the university's own domain for a misspelt ending (ac.jpp)", () => {
      const result = check('taro@example-u.ac.jpp');
      expect(result).to.deep.include({ findings: [{ kind: 'domainTypo', domain: 'example-u.ac.jpp', suggestedDomain: 'example-u.ac.jp', suggestion: 'taro@example-u.ac.jp' }] });
    });

    it('reports every problem of one address, typo first as on the checklist', () => {
      const result = check('taro @ gmial. com');
      expect(result.outcome === 'checked' && result.findings.map((finding) => finding.kind)).to.deep.equal(['domainTypo', 'spaces', 'provider']);
    });
  });

  context('when the address may not receive the confirmation mail', () => {
    it('warns about free mail', () => {
      expect(check('taro@gmail.com')).to.deep.include({ findings: [{ kind: 'provider', provider: 'free', domain: 'gmail.com' }] });
    });

    it('warns about mobile-carrier mail', () => {
      expect(check('taro@docomo.ne.jp')).to.deep.include({ findings: [{ kind: 'provider', provider: 'carrier', domain: 'docomo.ne.jp' }] });
    });

    it('counts the warnings as not needing a correction', () => {
      expect(needsCorrection({ kind: 'provider', provider: 'free', domain: 'gmail.com' })).to.equal(false);
      expect(needsCorrection({ kind: 'spaces' })).to.equal(true);
    });
  });

  context('when no single address can be read', () => {
    it('asks for one address when there are two different ones', () => {
      expect(check('taro@example-u.ac.jp hanako@example-u.ac.jp')).to.deep.equal({ outcome: 'several' });
    });

    for (const [text, reason] of [
      ['たろう@gmail.com', 'nonAscii'],
      ['taro@@gmail.com', 'multipleAt'],
      ['taro@gmail', 'domainIncomplete'],
      ['taro＠', 'domainIncomplete'],
      ['taro..yamada@docomo.ne.jp', 'other'],
    ] as const) {
      it(`says why ${JSON.stringify(text)} is not an address (${reason})`, () => {
        expect(check(text)).to.deep.equal({ outcome: 'unreadable', reason });
      });
    }

    it('leaves a message without "@" to be understood as something else', () => {
      expect(check('はい、お願いします')).to.deep.equal({ outcome: 'none' });
      expect(check('@ってどう入力するの？')).to.deep.equal({ outcome: 'none' });
    });
  });
});
