import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { processEnvironment } from '../../bot/processTuning.ts';

/** The checkout whose bot is measured: this one, or BENCH_APP_ROOT (a copy with a proposed change applied). */
const root = process.env.BENCH_APP_ROOT ?? fileURLToPath(new URL('../../', import.meta.url));

/** A server under test — the real bot (`npm start`'s entry) or the echo floor — as a child process on a free port. */
export class BenchServer {
  private errors = 0;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    /** performance.now() when /healthz first answered 200. */
    readonly healthyAt: number,
    private readonly exited: Promise<unknown>,
    errorListeners: Array<() => void>,
    /** The DevTools URL when the server was started with --inspect. */
    readonly inspectorUrl?: string,
  ) {
    errorListeners.push(() => {
      this.errors += 1;
    });
  }

  /** Starts `script` with `env` (and node flags such as --cpu-prof); resolves the moment /healthz answers 200. */
  static async start(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<BenchServer> {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], {
      cwd: root,
      // Both servers start as production does (bot/processTuning.ts), the floor included.
      env: { ...process.env, LOG_LEVEL: 'info', ...processEnvironment, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit');
    let stderr = '';
    let inspectorUrl: string | undefined;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
    });
    const errorListeners: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('"level":"error"')) return;
      process.stderr.write(`  server error: ${line.slice(0, 400)}\n`);
      for (const listener of errorListeners) listener();
    });
    const url = `http://127.0.0.1:${port}`;
    let exitCode: unknown;
    void exited.then(([code]) => {
      exitCode = code ?? 'signal';
    });
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${script} exited (${String(exitCode)}) before /healthz answered:\n${stderr}`);
      const healthy = await fetch(`${url}/healthz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (healthy) return new BenchServer(child, url, performance.now(), exited, errorListeners, inspectorUrl);
      await sleep(10);
    }
  }

  /** Error log lines (a failed turn logs one) since the last call. */
  takeErrors(): number {
    const errors = this.errors;
    this.errors = 0;
    return errors;
  }

  /** Resident set size of the server process, in MB (Linux /proc). */
  async rssMb(): Promise<number> {
    const status = await readFile(`/proc/${this.child.pid}/status`, 'utf8');
    return Math.round(Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN) / 1024);
  }

  /** CPU time (user + system) the server process has used so far, in ms (Linux /proc): per-turn cost under a noisy load. */
  async cpuMs(): Promise<number> {
    const stat = await readFile(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  }

  /** SIGTERM: the bot drains and exits (and --cpu-prof writes its profile on exit). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}
