import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Every structured log line the process printed so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Starts the real bot as `npm start` does (tsx bot/index.ts), or another entry point, on port 0 and waits until it listens. */
export async function startBotProcess(env: Record<string, string>, script = 'bot/index.ts'): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const listening = new EventEmitter();
  lines.on('line', (line) => {
    const entry = parseLine(line);
    if (!entry) return;
    logs.push(entry);
    if (entry.msg === 'listening') listening.emit('url', String(entry.url));
  });
  const [url] = (await Promise.race([
    once(listening, 'url'),
    exited.then((code) => Promise.reject(new Error(`the bot exited (${code}) before listening: ${stderr}`))),
  ])) as [string];
  return { child, url, logs, exited };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
