import { expect } from 'chai';
import { parseKanjiNumber } from '../../../services/recognition/kanjiNumber.ts';

describe('parseKanjiNumber', () => {
  for (const [text, value] of [
    ['一', 1], ['十', 10], ['十二', 12], ['二十七', 27], ['三十一', 31], ['百二十三', 123], ['二千十五', 2015],
    ['二〇一五', 2015], ['一九九九', 1999], ['弐拾', 20],
  ] as const) {
    it(`reads ${text} as ${value}`, () => {
      expect(parseKanjiNumber(text)).to.equal(value);
    });
  }

  for (const text of ['', '元', '十十', '二二十', '12', '年']) {
    it(`does not read ${JSON.stringify(text)}`, () => {
      expect(parseKanjiNumber(text)).to.equal(undefined);
    });
  }
});
