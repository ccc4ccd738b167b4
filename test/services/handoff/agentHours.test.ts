import { expect } from 'chai';
import { isJapaneseHoliday, isWithinHours } from '../../../services/handoff/agentHours.ts';

const weekdays = { days: 'weekdays', open: '09:00', close: '17:00' } as const;
const everyday = { days: 'everyday', open: '09:00', close: '17:00' } as const;
/** A moment given in Japan time. */
const jst = (local: string): Date => new Date(`${local}+09:00`);

describe('agentHours', () => {
  describe('#isWithinHours', () => {
    context('on an ordinary weekday (Wednesday 2026-12-02)', () => {
      it('is open from the opening minute until just before closing, in Japan time', () => {
        expect(isWithinHours(weekdays, jst('2026-12-02T08:59'))).to.equal(false);
        expect(isWithinHours(weekdays, jst('2026-12-02T09:00'))).to.equal(true);
        expect(isWithinHours(weekdays, jst('2026-12-02T16:59'))).to.equal(true);
        expect(isWithinHours(weekdays, jst('2026-12-02T17:00'))).to.equal(false);
      });

      it('uses Asia/Tokyo whatever the clock zone: 00:30 UTC is 09:30 in Japan', () => {
        expect(isWithinHours(weekdays, new Date('2026-12-02T00:30:00Z'))).to.equal(true);
        expect(isWithinHours(weekdays, new Date('2026-12-02T08:30:00Z'))).to.equal(false);
      });
    });

    context('on a weekend', () => {
      it('is closed for weekday hours and open for everyday hours', () => {
        expect(isWithinHours(weekdays, jst('2026-12-05T10:00'))).to.equal(false);
        expect(isWithinHours(weekdays, jst('2026-12-06T10:00'))).to.equal(false);
        expect(isWithinHours(everyday, jst('2026-12-05T10:00'))).to.equal(true);
      });
    });

    context('on Japanese public holidays', () => {
      it('is closed on a weekday holiday (Culture Day, Tuesday 2026-11-03)', () => {
        expect(isJapaneseHoliday(jst('2026-11-03T10:00'))).to.equal(true);
        expect(isWithinHours(weekdays, jst('2026-11-03T10:00'))).to.equal(false);
        expect(isWithinHours(everyday, jst('2026-11-03T10:00'))).to.equal(true);
      });

      it('is closed on a substitute holiday (Monday 2026-05-06 after Constitution Day on Sunday)', () => {
        expect(isJapaneseHoliday(jst('2026-05-06T10:00'))).to.equal(true);
        expect(isWithinHours(weekdays, jst('2026-05-06T10:00'))).to.equal(false);
      });

      it('decides the day in Japan: 2026-11-02 20:00 UTC is already Culture Day in Tokyo', () => {
        expect(isJapaneseHoliday(new Date('2026-11-02T20:00:00Z'))).to.equal(true);
        expect(isJapaneseHoliday(new Date('2026-11-02T14:00:00Z'))).to.equal(false);
      });
    });

    it('is always open for null hours (around the clock) and never for an empty range', () => {
      expect(isWithinHours(null, jst('2026-01-01T03:00'))).to.equal(true);
      expect(isWithinHours({ days: 'everyday', open: '00:00', close: '00:00' }, jst('2026-12-02T10:00'))).to.equal(false);
    });

    it('treats 24:00 as the end of the day', () => {
      expect(isWithinHours({ days: 'everyday', open: '20:00', close: '24:00' }, jst('2026-12-02T23:59'))).to.equal(true);
    });
  });
});
