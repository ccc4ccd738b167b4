import os from 'node:os';
import path from 'node:path';
import { LocalNlu } from '../../../services/nlu/localNlu.ts';

/**
 * The model trained from the project's utterances, shared by the test files that need one. Its cache lives in the
 * system temp folder (as `DATA_DIR/nlu` with DATA_DIR = its parent), keyed like the bot's by a hash of the
 * training data, so a stale model is never reused.
 */
export const testCacheDir = path.join(os.tmpdir(), 'certbot-nlu-test', 'nlu');

let loading: Promise<LocalNlu> | undefined;

export function trainedNlu(): Promise<LocalNlu> {
  loading ??= LocalNlu.load({ cacheDir: testCacheDir });
  return loading;
}
