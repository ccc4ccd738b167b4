import { expect } from 'chai';
import { runFuzz } from './runFuzz.ts';
import { targets } from './targets.ts';

/** The CI-sized run; `npm run fuzz` runs the full 10,000 (or FUZZ_COUNT) with a seed of its choice. */
const CI_COUNT = 1_200;
const SEED = 20261202;

describe(`fuzzing every public endpoint (${CI_COUNT} seeded inputs, seed ${SEED})`, function () {
  this.timeout(240_000);

  it('answers every input without a 5xx, an unhandled rejection or a store write for a refused input', async () => {
    const report = await runFuzz({ seed: SEED, count: CI_COUNT });
    expect(report.tried).to.equal(CI_COUNT);
    expect(Object.keys(report.byTarget)).to.have.members(targets.map((target) => target.name));
    // Both classes must occur, or the run proves nothing: refused inputs (the point) and accepted ones (the control).
    expect(report.refused, 'refused inputs').to.be.greaterThan(CI_COUNT / 4);
    expect(report.accepted, 'accepted inputs').to.be.greaterThan(CI_COUNT / 10);
    expect(report.failures, JSON.stringify(report.failures.slice(0, 5), null, 2)).to.deep.equal([]);
    expect(report.storeChangesFromRefused).to.equal(0);
    expect(report.unhandled).to.deep.equal([]);
  });
});
