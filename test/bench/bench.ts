import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { BenchSink } from './benchSink.ts';
import { Inspector } from './inspector.ts';
import { BenchServer } from './benchServer.ts';
import { benchFixture } from './journeys.ts';
import { Driver, round, Stats } from './load.ts';

/**
 * `npm run bench` (issue 9): the real server as a child process (embedded store in a temp DATA_DIR, SMTP to a local
 * sink), driven over the Activity protocol; the framework's floor (a bare echo bot on the same host code) under the
 * same load in the same run. Progress goes to stderr; the last line on stdout is DESIGN.md's JSON. Not a test.
 *
 * Knobs (environment): BENCH_SECONDS saturation window per bot (30) · BENCH_REALISTIC_SECONDS (120) ·
 * BENCH_CONVERSATIONS realistic concurrency (1000) · BENCH_RSS_CONVERSATIONS conversations before reading RSS (10000) ·
 * BENCH_ACCOUNTS seeded students (1000) · BENCH_CPU_PROF a folder for `node --cpu-prof` of the support bot ·
 * BENCH_NODE_FLAGS more node flags for it · BENCH_APP_ROOT another checkout to measure (a proposed change applied).
 * With MONGODB_URI set in the environment, the seed and the bot use that MongoDB instead of the embedded store.
 */
const knob = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const saturationSeconds = knob('BENCH_SECONDS', 30);
const realisticSeconds = knob('BENCH_REALISTIC_SECONDS', 120);
const realisticUsers = knob('BENCH_CONVERSATIONS', 1000);
const rssConversations = knob('BENCH_RSS_CONVERSATIONS', 10_000);
const accounts = knob('BENCH_ACCOUNTS', 1000);
const SATURATION_USERS = 100;
const COLD_START_CONVERSATIONS = 100;
const THINK_MS = [3000, 8000] as const;
const SATURATION_SLICES = 3;

const root = fileURLToPath(new URL('../../', import.meta.url));
const note = (line: string): boolean => process.stderr.write(`${line}\n`);
const failures = (stats: Stats): string => (stats.errors ? ` failures ${JSON.stringify(Object.fromEntries(stats.failures))}` : '');
const until = (seconds: number): (() => boolean) => {
  const deadline = performance.now() + seconds * 1000;
  return () => performance.now() < deadline;
};

const smtp = await new SmtpSink().start();
const sink = new BenchSink();
const serviceUrl = await sink.start();
const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-data-'));
const servers: BenchServer[] = [];
try {
  note(`seeding ${accounts} students into ${dataDir}`);
  await seed(dataDir);

  const echo = await BenchServer.start('test/bench/echoBotMain.ts', {}, ['--inspect=127.0.0.1:0']);
  servers.push(echo);
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_CPU_PROF)] : [];
  // The inspector lets the bench force a full GC and tell retained memory from garbage V8 has not collected yet.
  profile.push('--inspect=127.0.0.1:0', ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []));
  const bot = await BenchServer.start('bot/index.ts', { DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_FROM: 'no-reply@example-u.ac.jp' }, profile);
  servers.push(bot);
  const driver = new Driver(bot.url, serviceUrl, sink, accounts);
  const rssAtStart = await bot.rssMb();

  note(`cold start: ${COLD_START_CONVERSATIONS} conversations arriving within 1 s of /healthz (${round(performance.now() - bot.healthyAt)} ms ago)`);
  const cold = new Stats();
  const worst: number[] = [];
  await Promise.all(
    Array.from({ length: COLD_START_CONVERSATIONS }, async (_, index) => {
      await sleep(Math.max(0, bot.healthyAt + (index / COLD_START_CONVERSATIONS) * 1000 - performance.now()));
      const conversation = new Stats();
      await driver.journey(conversation, () => true, async () => undefined, 2);
      cold.merge(conversation);
      worst.push(conversation.errors > 0 ? Number.POSITIVE_INFINITY : conversation.max);
    }),
  );
  cold.fail('server error log', bot.takeErrors());
  const over1s = worst.filter((ms) => ms > 1000).length;
  note(`  RSS at start ${rssAtStart} MB; worst ${cold.max} ms, ${over1s} conversations with a turn over 1 s${failures(cold)}`);
  const inspector = bot.inspectorUrl ? await Inspector.connect(bot.inspectorUrl) : undefined;
  note(`  after a forced full GC (MB): ${JSON.stringify(await inspector?.memoryAfterGc())}`);

  // Floor and support bot take turns in slices, so a load spike from elsewhere on the machine hits both alike.
  note(`saturation: ${SATURATION_USERS} conversations, no think time, ${saturationSeconds} s each, echo floor and support bot alternating`);
  const floor = new Stats();
  const saturation = new Stats();
  const floorDriver = new Driver(echo.url, serviceUrl, sink, accounts);
  await floorDriver.load(new Stats(), { users: SATURATION_USERS, running: until(1) });
  for (let slice = 0; slice < SATURATION_SLICES; slice++) {
    for (const [stats, slicedDriver, server] of [[floor, floorDriver, echo], [saturation, driver, bot]] as const) {
      const part = new Stats();
      const repliesBefore = sink.received;
      const cpuBefore = await server.cpuMs();
      await slicedDriver.load(part, { users: SATURATION_USERS, running: until(saturationSeconds / SATURATION_SLICES) });
      part.cpuMs = (await server.cpuMs()) - cpuBefore;
      part.replies = sink.received - repliesBefore;
      stats.merge(part);
    }
  }
  floor.fail('server error log', echo.takeErrors());
  saturation.fail('server error log', bot.takeErrors());
  const turnsPerSec = round(saturation.turns / saturation.seconds);
  const floorTurnsPerSec = round(floor.turns / floor.seconds);
  const perTurn = (stats: Stats): number => round(stats.replies / Math.max(1, stats.turns), 2);
  // CPU per turn is what a busy machine changes least: it tells the bot's own cost from the machine's load.
  const cpuPerTurn = (stats: Stats): number => round(stats.cpuMs / Math.max(1, stats.turns), 2);
  note(`  floor ${floorTurnsPerSec} turns/s, p99 ${floor.percentile(99)} ms, ${perTurn(floor)} activities posted per turn, ${cpuPerTurn(floor)} ms CPU per turn${failures(floor)}`);
  note(`  support bot ${turnsPerSec} turns/s (${round((100 * turnsPerSec) / floorTurnsPerSec)} % of the floor), p99 ${saturation.percentile(99)} ms, ${perTurn(saturation)} activities posted per turn, ${cpuPerTurn(saturation)} ms CPU per turn (${round((100 * cpuPerTurn(floor)) / cpuPerTurn(saturation))} % of the floor's throughput at equal CPU)${failures(saturation)}; RSS ${await bot.rssMb()} MB`);
  const echoInspector = echo.inspectorUrl ? await Inspector.connect(echo.inspectorUrl) : undefined;
  note(`  floor process: RSS ${await echo.rssMb()} MB; after a forced full GC (MB): ${JSON.stringify(await echoInspector?.memoryAfterGc())}`);
  echoInspector?.close();
  await echo.stop();

  note(`realistic: ${realisticUsers} conversations, think ${THINK_MS.join('–')} ms, ${realisticSeconds} s`);
  const realistic = new Stats();
  await driver.load(realistic, { users: realisticUsers, running: until(realisticSeconds), thinkMs: THINK_MS });
  realistic.fail('server error log', bot.takeErrors());
  note(`  RSS ${await bot.rssMb()} MB; ${round(realistic.turns / realistic.seconds)} turns/s, first reply p50 ${realistic.percentile(50)} p95 ${realistic.percentile(95)} p99 ${realistic.percentile(99)} ms${failures(realistic)}`);
  const answers = realistic.answerLatencies;
  note(`  last reply of each turn (the answer; paced 400 ms after an identity check): p50 ${realistic.percentile(50, answers)} p95 ${realistic.percentile(95, answers)} p99 ${realistic.percentile(99, answers)} ms`);

  const before = cold.conversations + saturation.conversations + realistic.conversations;
  note(`memory: ${before} conversations so far; filling up to ${rssConversations}`);
  const fill = new Stats();
  await driver.load(fill, { users: SATURATION_USERS, running: () => before + fill.conversations < rssConversations, steps: 2 });
  fill.fail('server error log', bot.takeErrors());
  await settled(() => smtp.received.length);
  const rssMbAfter10k = await bot.rssMb();
  note(`  RSS ${rssMbAfter10k} MB after ${before + fill.conversations} conversations${failures(fill)}; ${smtp.received.length} mails reached the SMTP sink; ${sink.stray} stray replies`);
  note(`  after a forced full GC (MB): ${JSON.stringify(await inspector?.memoryAfterGc())}`);
  inspector?.close();
  await bot.stop();
  note(`  largest embedded collections: ${await largestFiles(path.join(dataDir, 'store'))}`);

  const figures = {
    saturation: {
      concurrency: SATURATION_USERS,
      turnsPerSec,
      floorTurnsPerSec,
      ratioToFloor: round(turnsPerSec / floorTurnsPerSec, 3),
      p99: saturation.percentile(99),
      errors: saturation.errors,
    },
    realistic: {
      conversations: realisticUsers,
      thinkMs: [...THINK_MS],
      turnsPerSec: round(realistic.turns / realistic.seconds),
      p50: realistic.percentile(50),
      p95: realistic.percentile(95),
      p99: realistic.percentile(99),
      errors: realistic.errors,
    },
    coldStart: { conversations: COLD_START_CONVERSATIONS, maxMs: cold.errors > 0 ? -1 : cold.max, over1s },
    rssMbAfter10k,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  for (const server of servers) await server.stop();
  await sink.stop();
  await smtp.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Waits until `count()` stops growing for 2 s (the outbox delivers after the turn), at most 30 s. */
async function settled(count: () => number): Promise<void> {
  const deadline = performance.now() + 30_000;
  let last = -1;
  while (count() !== last && performance.now() < deadline) {
    last = count();
    await sleep(2000);
  }
}

/** The embedded store's biggest files (NeDB keeps each one whole in memory). */
async function largestFiles(dir: string): Promise<string> {
  const sizes = await Promise.all((await readdir(dir)).map(async (name) => ({ name, bytes: (await stat(path.join(dir, name))).size })));
  return sizes
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 6)
    .map(({ name, bytes }) => `${name} ${round(bytes / 1048576)} MB`)
    .join(', ');
}

/** `npm run seed` with the bench's students, into the bench's DATA_DIR. */
async function seed(dir: string): Promise<void> {
  const file = path.join(dir, 'bench-fixture.json');
  await writeFile(file, JSON.stringify(benchFixture(accounts)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot/seed.ts', file], { cwd: process.env.BENCH_APP_ROOT ?? root, env: { ...process.env, DATA_DIR: dir }, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`seeding the bench store failed (${String(code)})`);
}
