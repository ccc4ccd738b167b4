import { expect } from 'chai';
import { recognizeNumbers } from '../../../services/recognition/recognizeNumbers.ts';

describe('recognizeNumbers', () => {
  for (const [text, language, values] of [
    ['3回間違えました', 'ja', [3]],
    ['３回間違えました', 'ja', [3]],
    ['三回間違えました', 'ja', [3]],
    ['二十一日に申請', 'ja', [21]],
    ['手数料は1,200円', 'ja', [1200]],
    ['I tried three times', 'en', [3]],
    ['twenty-one days', 'en', [21]],
    ['between 5 and 10', 'en', [5, 10]],
    ['1.5 hours', 'en', [1.5]],
    ['一緒に', 'ja', []],
    ['no number here', 'en', []],
  ] as const) {
    it(`reads ${JSON.stringify(values)} in ${JSON.stringify(text)}`, () => {
      expect(recognizeNumbers(text, language).map(({ value }) => value)).to.deep.equal(values);
    });
  }

  it('reports what was written, after NFKC', () => {
    expect(recognizeNumbers('１２個', 'ja')).to.deep.equal([{ value: 12, text: '12' }]);
  });
});
