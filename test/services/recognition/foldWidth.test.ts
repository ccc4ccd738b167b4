import { expect } from 'chai';
import { foldWidth, hasFullWidth, originalSpan } from '../../../services/recognition/foldWidth.ts';

describe('foldWidth', () => {
  it('folds full-width characters and maps each back to the original', () => {
    const text = 'メールｔａ＠';
    const folded = foldWidth(text);
    expect(folded.folded).to.equal('メールta@');
    expect(originalSpan(folded, text, 3, 6)).to.equal('ｔａ＠');
  });

  it('maps characters outside the basic plane', () => {
    const text = '😀ｔ';
    const folded = foldWidth(text);
    expect(originalSpan(folded, text, folded.folded.indexOf('t'), folded.folded.length)).to.equal('ｔ');
  });
});

describe('hasFullWidth', () => {
  it('is true only when NFKC changes the text', () => {
    expect(hasFullWidth('ａ')).to.equal(true);
    expect(hasFullWidth('　')).to.equal(true);
    expect(hasFullWidth('a b')).to.equal(false);
    expect(hasFullWidth('メール')).to.equal(false);
  });
});
