import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compose } from '../../bot/composition.ts';
import type { App } from '../../bot/composition.ts';
import { loadConfig } from '../../bot/config.ts';
import { silentLogger } from '../../services/log/logger.ts';
import { postJson } from '../helpers/botClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { Random } from './random.ts';
import { RecordingStore } from './recordingStore.ts';
import type { StoreWrite } from './recordingStore.ts';
import { targets } from './targets.ts';
import type { FuzzContext, FuzzRequest } from './targets.ts';

/**
 * Writes that refused input is meant to make: counting the attempt (rate limits), recording a refused login or
 * action (the append-only audit log), and an agent session's last activity (its idle expiry). They change no
 * account, conversation, handoff or mail.
 */
const BOOKKEEPING = new Set(['rateLimits', 'audit', 'agentSessions']);

/** One input that broke a promise: a 5xx, or a refused input that still changed stored data. */
export interface FuzzFailure {
  target: string;
  index: number;
  status: number;
  writes?: StoreWrite[];
  request: { method: string; path: string; body?: string };
}

export interface FuzzReport {
  seed: number;
  tried: number;
  byTarget: Record<string, number>;
  /** Responses by class: how many were accepted (2xx/3xx) and refused (4xx). */
  accepted: number;
  refused: number;
  failures: FuzzFailure[];
  /** Writes to the store made while answering a refused input (must be none). */
  storeChangesFromRefused: number;
  unhandled: string[];
}

/**
 * Starts the real server (embedded store in a fresh DATA_DIR, replies to a local sink) and sends `count` seeded
 * inputs, one at a time, spread over every target. Checks each answer: no 5xx; a refused input (4xx) wrote
 * nothing to the store. Unhandled rejections and uncaught exceptions during the run are collected.
 */
export async function runFuzz(options: { seed: number; count: number }): Promise<FuzzReport> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'certbot-fuzz-'));
  const sink = new ReplySink();
  const unhandled: string[] = [];
  const onUnhandled = (error: unknown): void => void unhandled.push(String((error as Error)?.stack ?? error));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  let recording: RecordingStore | undefined;
  let app: App | undefined;
  try {
    const sinkUrl = await sink.start();
    // One address sends everything here: the per-address limit would answer most inputs 429 before they are read.
    app = await compose(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', CLIENT_REQUESTS_PER_MINUTE: '1000000' }), {
      logger: silentLogger,
      decorateStore: (store) => (recording = new RecordingStore(store)),
    });
    const { port } = await app.listen();
    const base = `http://127.0.0.1:${port}`;
    const spare = (await (await postJson(`${base}/directline/session`, {})).json()) as { token: string };
    const context: FuzzContext = { sinkUrl, directLine: await openDirectLine(base), spareDirectLineToken: spare.token, agent: await logIn(base) };
    /** No turn running (the local Direct Line runs the bot's turns after answering), no store operation pending. */
    const quiet = async (): Promise<void> => {
      await app!.server.idle();
      await recording!.settle();
    };
    const random = new Random(options.seed);
    const report: FuzzReport = { seed: options.seed, tried: 0, byTarget: {}, accepted: 0, refused: 0, failures: [], storeChangesFromRefused: 0, unhandled };
    for (let index = 0; index < options.count; index += 1) {
      const target = targets[index % targets.length]!;
      const request = target.make(random, context);
      await quiet();
      const writesBefore = recording!.writes.length;
      const { status, body } = await send(base, request);
      if (status === 200 && request.method === 'POST' && /\/v3\/directline\/conversations\/[^/]+\/activities$/.test(request.path)) {
        // Direct Line answers before the bot's turn runs: wait for the turn's reply, so its writes count for this input.
        await waitForReply(base, request, (JSON.parse(body) as { id: string }).id);
      }
      await quiet();
      report.tried += 1;
      report.byTarget[target.name] = (report.byTarget[target.name] ?? 0) + 1;
      const writes = recording!.writes.slice(writesBefore).filter((write) => !BOOKKEEPING.has(write.collection));
      const refused = status >= 400 && status < 500;
      if (refused) report.refused += 1;
      else if (status < 400) report.accepted += 1;
      if (refused && writes.length > 0) report.storeChangesFromRefused += writes.length;
      if (status >= 500 || (refused && writes.length > 0)) {
        report.failures.push({ target: target.name, index, status, ...(refused ? { writes: writes.slice(0, 5) } : {}), request: { method: request.method, path: request.path.slice(0, 200), ...(request.body === undefined ? {} : { body: request.body.slice(0, 300) }) } });
      }
    }
    return report;
  } finally {
    await app?.stop();
    await sink.stop();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function send(base: string, request: FuzzRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: 'manual',
  });
  return { status: response.status, body: await response.text() };
}

/** Polls the conversation until the bot has answered activity `id` (every accepted message gets an answer). */
async function waitForReply(base: string, request: FuzzRequest, id: string): Promise<void> {
  const url = `${base}${request.path}`;
  const deadline = Date.now() + 15_000;
  // The id's sequence number is its place in the conversation: read on from there (a page holds a few hundred).
  let watermark = Math.max(0, Number(id.split('|')[1] ?? 0) - 1);
  while (Date.now() < deadline) {
    const response = await fetch(`${url}?watermark=${watermark}`, { headers: { authorization: request.headers.authorization ?? '' } });
    const page = (await response.json()) as { activities: Array<{ replyToId?: string }>; watermark?: string };
    if (page.activities.some((activity) => activity.replyToId === id)) return;
    if (page.watermark !== undefined && page.activities.length > 0) watermark = Number(page.watermark);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`no reply to Direct Line activity ${id} within 15 s`);
}

/** The demo agent's console session, and the first conversation its queue shows (if any). */
async function logIn(base: string): Promise<FuzzContext['agent']> {
  const response = await postJson(`${base}/agent/api/login`, { id: 'agent01', password: 'demo-agent-01' });
  if (response.status !== 200) throw new Error(`the demo agent could not log in: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const listed = (await (await fetch(`${base}/agent/api/conversations`, { headers: { cookie } })).json()) as { conversations?: Array<{ id: string }> };
  return { cookie, csrfToken, conversationId: listed.conversations?.[0]?.id };
}

/** A Direct Line session as the Web Chat page opens one: a token, a conversation, and the bot's greeting in it. */
async function openDirectLine(base: string): Promise<FuzzContext['directLine']> {
  const session = (await (await postJson(`${base}/directline/session`, {})).json()) as { token: string };
  const started = await postJson(`${base}/v3/directline/conversations`, '', { authorization: `Bearer ${session.token}` });
  const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
  const activities = `${base}/v3/directline/conversations/${conversationId}/activities`;
  for (;;) {
    const { activities: seen } = (await (await fetch(activities, { headers: { authorization: `Bearer ${token}` } })).json()) as { activities: Array<{ from: { id: string } }> };
    if (seen.some((activity) => !activity.from.id.startsWith('dl_'))) return { token, conversationId };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
