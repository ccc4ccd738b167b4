import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { testCacheDir } from '../services/nlu/trainedNlu.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx bot/nluEval.ts` as `npm run --silent nlu:eval -- FILE` does, with the test model cache as DATA_DIR/nlu. */
async function nluEval(...args: string[]): Promise<Outcome> {
  const env = { ...process.env, DATA_DIR: path.dirname(testCacheDir) };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bot/nluEval.ts', ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function file(lines: string[]): string {
  const name = path.join(mkdtempSync(path.join(os.tmpdir(), 'nlu-eval-')), 'set.jsonl');
  writeFileSync(name, `${lines.join('\n')}\n`);
  return name;
}

describe('bot/nluEval (npm run nlu:eval)', function () {
  this.timeout(120_000);

  it('prints the report as JSON on its last line, in the stable shape', async () => {
    const { code, stdout } = await nluEval(file([
      '{"text":"第２パスワードを忘れました","lang":"ja","intent":"forgot_second_password"}',
      '{"text":"which browsers are supported?","lang":"en","intent":"supported_browsers"}',
    ]));
    expect(code).to.equal(0);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(report)).to.deep.equal(['overall', 'ja', 'en', 'per_intent', 'confusions']);
    expect(report['overall']).to.deep.equal({ accuracy: 1, n: 2 });
    expect(report['per_intent']).to.have.property('supported_browsers').that.deep.equals({ precision: 1, recall: 1, n: 1 });
  });

  it('exits with 1 naming the bad line numbers', async () => {
    const { code, stdout, stderr } = await nluEval(file(['{"text":"hi","lang":"en","intent":"greeting"}', '{"text":"hi","lang":"de","intent":"greeting"}', '{oops']));
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/:2: lang/u).and.match(/:3: not valid JSON/u);
  });

  it('exits with 1 when the file does not exist', async () => {
    const { code, stderr } = await nluEval(path.join(os.tmpdir(), 'no-such-file.jsonl'));
    expect(code).to.equal(1);
    expect(stderr).to.match(/no such file/u);
  });

  it('exits with 1 and its usage without a file', async () => {
    const { code, stderr } = await nluEval();
    expect(code).to.equal(1);
    expect(stderr).to.match(/usage/u);
  });
});
