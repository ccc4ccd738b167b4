import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { evaluate } from '../services/nlu/evaluate.ts';
import { EvaluationFileError, predictAll, readExamples } from '../services/nlu/evaluationSet.ts';
import { LocalNlu } from '../services/nlu/localNlu.ts';

/**
 * `npm run --silent nlu:eval -- FILE.jsonl [--misses]` (DESIGN.md "Stable interfaces"): classifies every line
 * `{"text","lang","intent"}` with the local model (cached under DATA_DIR/nlu) and prints the report as JSON on
 * the last line of stdout. `--misses` also lists each wrong prediction on stderr. A bad file exits with 1 and
 * names the bad lines.
 */
async function main(args: string[]): Promise<void> {
  const files = args.filter((arg) => !arg.startsWith('--'));
  if (files.length !== 1) throw new UsageError('usage: npm run --silent nlu:eval -- FILE.jsonl [--misses]');
  const examples = await readExamples(files[0]!);
  const config = loadConfig();
  const nlu = await LocalNlu.load({ cacheDir: path.join(config.DATA_DIR, 'nlu') });
  const predictions = await predictAll(nlu, examples);
  if (args.includes('--misses')) {
    predictions.forEach(({ expected, predicted }, index) => {
      if (expected !== predicted) process.stderr.write(`${expected} → ${predicted}\t${examples[index]!.text}\n`);
    });
  }
  process.stdout.write(`${JSON.stringify(evaluate(predictions))}\n`);
}

class UsageError extends Error {}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const expected = error instanceof EvaluationFileError || error instanceof ConfigError || error instanceof UsageError;
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file: ${(error as NodeJS.ErrnoException).path}` : undefined;
  process.stderr.write(`nlu:eval: ${reason ?? (expected ? (error as Error).message : String((error as Error).stack ?? error))}\n`);
  process.exitCode = 1;
}
