import { runFuzz } from './runFuzz.ts';

/**
 * `npm run fuzz`: the full run. FUZZ_COUNT (default 10,000) and FUZZ_SEED (default: from the clock, printed)
 * choose the inputs; rerun with the printed seed to replay a failure. The last line is the report as JSON.
 */
const count = Number(process.env.FUZZ_COUNT ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const started = Date.now();
const report = await runFuzz({ seed, count });
for (const failure of report.failures.slice(0, 20)) console.log(JSON.stringify(failure));
const summary = {
  seed,
  tried: report.tried,
  accepted: report.accepted,
  refused: report.refused,
  failures: report.failures.length,
  storeChangesFromRefused: report.storeChangesFromRefused,
  unhandledRejections: report.unhandled.length,
  seconds: Math.round((Date.now() - started) / 1000),
  byTarget: report.byTarget,
};
console.log(JSON.stringify(summary));
process.exitCode = report.failures.length + report.unhandled.length === 0 ? 0 : 1;
