import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { BotClient } from '../helpers/botClient.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { BenchServer } from './benchServer.ts';
import { BenchSink } from './benchSink.ts';
import { benchFixture, pickJourney } from './journeys.ts';
import { Driver, Stats } from './load.ts';

/**
 * A diagnostic beside `npm run bench` (not part of its figures): the realistic load for STEP_SECONDS (60) with
 * STEP_USERS (1000) users, and first-reply latency per journey step, so a slow step stands out. Prints a table on stderr.
 */
const seconds = Number(process.env.STEP_SECONDS ?? 60);
const users = Number(process.env.STEP_USERS ?? 1000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const smtp = await new SmtpSink().start();
const sink = new BenchSink();
const serviceUrl = await sink.start();
const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-steps-'));
try {
  const file = path.join(dataDir, 'fixture.json');
  await writeFile(file, JSON.stringify(benchFixture(1000)));
  const seeding = spawn(process.execPath, ['--import', 'tsx', 'bot/seed.ts', file], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'inherit' });
  await once(seeding, 'exit');
  const bot = await BenchServer.start('bot/index.ts', { DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'no-reply@example-u.ac.jp' }, (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean));
  const driver = new Driver(bot.url, serviceUrl, sink, 1000);
  const byStep = new Map<string, Stats>();
  const deadline = performance.now() + seconds * 1000;
  const think = async (): Promise<void> => void (await sleep(3000 + Math.random() * 5000));
  let next = 0;
  await Promise.all(
    Array.from({ length: users }, async () => {
      await think();
      while (performance.now() < deadline) {
        const journey = pickJourney(Math.random, 1000);
        next += 1;
        const client = new BotClient(bot.url, serviceUrl, { locale: journey.locale === 'ja' ? 'ja-JP' : 'en-US', userId: `step-user-${next}` });
        for (const [index, step] of journey.steps.entries()) {
          if (index > 0) await think();
          if (performance.now() >= deadline) return;
          const key = `${journey.name}#${index}`;
          const stats = byStep.get(key) ?? new Stats();
          byStep.set(key, stats);
          await driver.turn(stats, client, `step-user-${next}`, step);
        }
      }
    }),
  );
  for (const [key, stats] of [...byStep].sort()) {
    const answers = stats.answerLatencies;
    process.stderr.write(`${key.padEnd(24)} n=${String(stats.turns).padStart(5)} first reply p50 ${stats.percentile(50)} p95 ${stats.percentile(95)} max ${stats.max}; last reply p50 ${stats.percentile(50, answers)} p99 ${stats.percentile(99, answers)}; errors ${stats.errors}\n`);
  }
  await bot.stop();
} finally {
  await sink.stop();
  await smtp.stop();
  await rm(dataDir, { recursive: true, force: true });
}
