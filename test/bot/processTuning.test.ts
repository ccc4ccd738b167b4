import { expect } from 'chai';
import { runInNewContext } from 'node:vm';
import { collectStartupGarbage } from '../../bot/processTuning.ts';

describe('collectStartupGarbage', () => {
  it('collects what start-up left behind, without leaving a gc function to anyone', () => {
    let garbage: Array<{ n: number }> | undefined = Array.from({ length: 500_000 }, (_, n) => ({ n }));
    const withGarbage = process.memoryUsage().heapUsed;
    expect(garbage).to.have.length(500_000);
    garbage = undefined;
    collectStartupGarbage();
    // Half a million small objects are over 10 MB; a full collection frees them whatever else the run holds.
    expect(withGarbage - process.memoryUsage().heapUsed).to.be.above(10 * 1024 * 1024);
    expect(typeof (globalThis as { gc?: unknown }).gc).to.equal('undefined');
    expect(runInNewContext('typeof gc')).to.equal('undefined');
  });
});
