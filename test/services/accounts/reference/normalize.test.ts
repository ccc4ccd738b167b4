import { expect } from 'chai';
import { normalizeBirthDate, normalizeEmail, normalizeId } from '../../../../services/accounts/reference/normalize.ts';

describe('normalize', () => {
  it('turns full-width input half-width and trims it (NFKC)', () => {
    expect(normalizeId('　ｓ１２３４５６７ ')).to.equal('s1234567');
    expect(normalizeEmail(' ＴＡＲＯ＠Example.JP ')).to.equal('taro@example.jp');
  });

  it('reads birth dates as YYYY-MM-DD and refuses impossible ones', () => {
    expect(normalizeBirthDate('1999/9/9')).to.equal('1999-09-09');
    expect(normalizeBirthDate('１９９９．０９．０９')).to.equal('1999-09-09');
    expect(normalizeBirthDate('1999-02-29')).to.equal(undefined);
    expect(normalizeBirthDate('9 September 1999')).to.equal(undefined);
  });
});
