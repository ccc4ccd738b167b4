import { expect } from 'chai';
import { recognizeLoginId } from '../../../services/recognition/recognizeLoginId.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';

const pattern = builtInDemoTenant.loginId.pattern;

describe('recognizeLoginId', () => {
  for (const [text, original, hadSpaces, hadFullWidth] of [
    ['s1234567', 's1234567', false, false],
    ['学籍番号はs1234567です', 's1234567', false, false],
    ['my ID is s1234567.', 's1234567', false, false],
    ['ｓ１２３４５６７', 'ｓ１２３４５６７', false, true],
    ['s123 4567', 's123 4567', true, false],
    ['s 1234567', 's 1234567', true, false],
    ['my id is s123 4567', 's123 4567', true, false],
    ['学籍番号はｓ１２３　４５６７です', 'ｓ１２３　４５６７', true, true],
    ['S1234567', 'S1234567', false, false],
  ] as const) {
    it(`finds s1234567 in ${JSON.stringify(text)}`, () => {
      expect(recognizeLoginId(text, pattern)).to.deep.equal({ loginId: 's1234567', original, hadSpaces, hadFullWidth });
    });
  }

  for (const text of ['s12345678', '1234567', 'x1234567', 'ログインできません', '']) {
    it(`finds nothing in ${JSON.stringify(text)}`, () => {
      expect(recognizeLoginId(text, pattern)).to.equal(undefined);
    });
  }

  it('follows the tenant’s pattern, whatever it is', () => {
    expect(recognizeLoginId('ECS-IDは a0123456 です', '^a\\d{7}$')?.loginId).to.equal('a0123456');
    expect(recognizeLoginId('番号は 2015 1234', '^\\d{8}$')).to.include({ loginId: '20151234', hadSpaces: true });
  });
});
