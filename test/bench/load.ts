import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BotClient } from '../helpers/botClient.ts';
import type { BenchSink } from './benchSink.ts';
import { pickJourney } from './journeys.ts';
import type { Step } from './journeys.ts';

/** What one measurement saw: turns that ended inside its window, their first-reply latencies, and failures by kind. */
export class Stats {
  readonly latencies: number[] = [];
  /** Per turn, the last reply's latency: the answer itself, also where a first "one moment, please" came at once. */
  readonly answerLatencies: number[] = [];
  readonly failures = new Map<string, number>();
  turns = 0;
  conversations = 0;
  /** Activities the bot posted back during these turns. */
  replies = 0;
  /** Time under load, summed over the slices merged into this one. */
  elapsedMs = 0;
  /** CPU time the server used meanwhile (user + system), when measured. */
  cpuMs = 0;

  fail(kind: string, count = 1): void {
    if (count > 0) this.failures.set(kind, (this.failures.get(kind) ?? 0) + count);
  }

  merge(other: Stats): void {
    this.latencies.push(...other.latencies);
    this.answerLatencies.push(...other.answerLatencies);
    for (const [kind, count] of other.failures) this.fail(kind, count);
    this.turns += other.turns;
    this.conversations += other.conversations;
    this.replies += other.replies;
    this.elapsedMs += other.elapsedMs;
    this.cpuMs += other.cpuMs;
  }

  get errors(): number {
    return [...this.failures.values()].reduce((sum, count) => sum + count, 0);
  }

  get seconds(): number {
    return this.elapsedMs / 1000;
  }

  percentile(p: number, of: readonly number[] = this.latencies): number {
    const sorted = [...of].sort((a, b) => a - b);
    if (sorted.length === 0) return 0;
    return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
  }

  get max(): number {
    return round(this.latencies.reduce((max, value) => Math.max(max, value), 0));
  }
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export interface LoadOptions {
  /** Conversations in flight at any time (each user starts a new one when theirs ends). */
  users: number;
  /** Keep going while this is true; turns begun after it turns false are not started. */
  running: () => boolean;
  /** Think time between turns, uniform in [min, max] ms; also the spread of the users' first arrivals. */
  thinkMs?: readonly [number, number];
  /** Only the first `steps` steps of each journey (a short conversation). */
  steps?: number;
}

/** Drives a bot over the Activity protocol as a channel would, with the BenchSink as `serviceUrl`. */
export class Driver {
  private next = 0;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    private readonly sink: BenchSink,
    private readonly accounts: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Closed loop: `users` conversations at a time until `running()` is false; resolves when in-flight turns are done. */
  async load(stats: Stats, options: LoadOptions): Promise<void> {
    const began = performance.now();
    const think = async (): Promise<void> => {
      if (options.thinkMs) await sleep(between(this.random, options.thinkMs));
    };
    const user = async (): Promise<void> => {
      await think();
      while (options.running()) await this.journey(stats, options.running, think, options.steps);
    };
    await Promise.all(Array.from({ length: options.users }, user));
    stats.elapsedMs += performance.now() - began;
  }

  /** A conversation on a journey picked by the mix, cut to its first `steps` steps when given. */
  async journey(stats: Stats, running: () => boolean, think: () => Promise<void>, steps?: number): Promise<void> {
    const journey = pickJourney(this.random, this.accounts);
    await this.conversation(stats, journey.locale, journey.steps.slice(0, steps ?? journey.steps.length), running, think);
  }

  /** One conversation, step by step; each turn's first reply is timed from the moment the activity is posted. */
  async conversation(stats: Stats, locale: string, steps: Step[], running: () => boolean, think: () => Promise<void>): Promise<void> {
    this.next += 1;
    const userId = `bench-user-${this.next}`;
    const client = new BotClient(this.botUrl, this.serviceUrl, { locale: locale === 'ja' ? 'ja-JP' : 'en-US', userId });
    for (const [index, step] of steps.entries()) {
      if (index > 0) await think();
      if (!running()) return;
      if (index === 0) stats.conversations += 1;
      await this.turn(stats, client, userId, step);
    }
  }

  async turn(stats: Stats, client: BotClient, userId: string, step: Step): Promise<void> {
    const activity = client.activity(
      'join' in step ? { type: 'conversationUpdate', membersAdded: [{ id: userId }] } : 'say' in step ? { text: step.say } : { value: step.press },
    );
    this.sink.begin(client.conversationId);
    const began = performance.now();
    let failure: string | undefined;
    try {
      const response = await fetch(`${this.botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      if (response.status >= 300) failure = `http ${response.status}`;
    } catch (error) {
      failure = (error as Error).name === 'TimeoutError' ? 'timeout (30 s)' : `request failed: ${(error as Error).message}`;
    }
    const { firstAt, lastAt } = this.sink.end(client.conversationId);
    stats.turns += 1;
    if (!failure && (firstAt === undefined || lastAt === undefined)) failure = 'no reply';
    if (failure) stats.fail(failure);
    else {
      stats.latencies.push(firstAt! - began);
      stats.answerLatencies.push(lastAt! - began);
    }
  }
}

function between(random: () => number, [min, max]: readonly [number, number]): number {
  return min + random() * (max - min);
}
