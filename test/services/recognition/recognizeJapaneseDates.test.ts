import { expect } from 'chai';
import { recognizeJapaneseDates } from '../../../services/recognition/recognizeJapaneseDates.ts';

const isos = (text: string): string[] => recognizeJapaneseDates(text).map(({ iso }) => iso);

describe('recognizeJapaneseDates', () => {
  context('with year-months (graduation 卒業年月)', () => {
    for (const [text, iso] of [
      ['2015年3月', '2015-03'], ['2015年 3月', '2015-03'], ['２０１５年３月', '2015-03'], ['2015/03', '2015-03'], ['2015/3', '2015-03'],
      ['2015-3', '2015-03'], ['2015-03', '2015-03'], ['2015.3', '2015-03'], ['平成27年3月', '2015-03'], ['H27.3', '2015-03'],
      ['h27/3', '2015-03'], ['H27年3月', '2015-03'], ['平成二十七年三月', '2015-03'], ['二〇一五年三月', '2015-03'],
      ['令和元年5月', '2019-05'], ['令和2年4月', '2020-04'], ['R2.4', '2020-04'], ['昭和64年1月', '1989-01'], ['㍻27年3月', '2015-03'],
      ['平成31年5月', '2019-05'],
    ] as const) {
      it(`reads ${JSON.stringify(text)} as ${iso}`, () => {
        const found = recognizeJapaneseDates(text);
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ iso }).and.not.have.property('day');
      });
    }
  });

  context('with full dates (birth date 生年月日)', () => {
    for (const [text, iso] of [
      ['1999年9月9日', '1999-09-09'], ['１９９９年９月９日', '1999-09-09'], ['1999/9/9', '1999-09-09'], ['1999/09/09', '1999-09-09'],
      ['1999-09-09', '1999-09-09'], ['1999.9.9', '1999-09-09'], ['令和2年4月1日', '2020-04-01'], ['R2.4.1', '2020-04-01'],
      ['平成11年9月9日', '1999-09-09'], ['S64.1.7', '1989-01-07'], ['2024年2月29日', '2024-02-29'],
    ] as const) {
      it(`reads ${JSON.stringify(text)} as ${iso}`, () => {
        const found = recognizeJapaneseDates(text);
        expect(found).to.have.length(1);
        expect(found[0]).to.include({ iso }).and.have.property('day').that.is.a('number');
      });
    }
  });

  it('gives year, month, day and what was written', () => {
    expect(recognizeJapaneseDates('生年月日は令和2年4月1日です')).to.deep.equal([
      { year: 2020, month: 4, day: 1, iso: '2020-04-01', text: '令和2年4月1日' },
    ]);
  });

  it('finds several in a sentence, in order', () => {
    expect(isos('生年月日は1999/09/09、卒業は平成33年ではなく2021年3月です')).to.deep.equal(['1999-09-09', '2021-03']);
  });

  for (const text of ['2015/13', '2015年0月', '2023年2月30日', '2023/2/29', '平成32年1月', '昭和65年1月', '令和0年1月',
    '12015/03', '2015/3-1', '03-1234-5678', '13:00', '3月', '15年3月', 's1234567', '2015年', '1800年3月']) {
    it(`reads nothing in ${JSON.stringify(text)}`, () => {
      expect(isos(text)).to.deep.equal([]);
    });
  }
});
