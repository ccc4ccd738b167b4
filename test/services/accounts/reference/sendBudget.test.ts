import { expect } from 'chai';
import { SendBudget } from '../../../../services/accounts/reference/sendBudget.ts';
import { openHarness } from './harness.ts';
import type { ReferenceHarness } from './harness.ts';

const HOUR = 3_600_000;

describe('SendBudget', () => {
  let h: ReferenceHarness;

  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  describe('#take', () => {
    it('allows the limit within the window, then names the time the oldest send leaves it', async () => {
      const budget = await SendBudget.open(h.store, h.clock, { limit: 3, windowMs: 24 * HOUR });
      const start = h.clock().getTime();
      for (let sent = 0; sent < 3; sent++) {
        expect(await budget.take('acc_1')).to.deep.equal({ ok: true });
        h.advance(HOUR);
      }
      expect(await budget.take('acc_1')).to.deep.equal({ ok: false, retryAt: new Date(start + 24 * HOUR) });
      expect(await budget.peek('acc_1')).to.deep.equal({ ok: false, retryAt: new Date(start + 24 * HOUR) });
      h.advance(21 * HOUR);
      expect(await budget.take('acc_1')).to.deep.equal({ ok: true });
    });

    it('lets exactly the limit through when twenty requests race', async () => {
      const budget = await SendBudget.open(h.store, h.clock);
      const answers = await Promise.all(Array.from({ length: 20 }, () => budget.take('acc_1')));
      expect(answers.filter((answer) => answer.ok)).to.have.length(5);
    });
  });

  describe('#peek', () => {
    it('counts nothing', async () => {
      const budget = await SendBudget.open(h.store, h.clock, { limit: 1, windowMs: HOUR });
      for (let i = 0; i < 3; i++) expect(await budget.peek('acc_1')).to.deep.equal({ ok: true });
      expect(await budget.take('acc_1')).to.deep.equal({ ok: true });
    });
  });
});
