import { once } from 'node:events';
import WebSocket from 'ws';

/**
 * A minimal Chrome DevTools Protocol client for a child started with `--inspect=127.0.0.1:0`: the bench uses it to
 * force a full GC in the server and read what is really retained, since RSS alone cannot tell retained memory from
 * garbage V8 has not collected yet.
 */
export class Inspector {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.error ? { error: message.error } : message.result);
      this.pending.delete(message.id);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await once(socket, 'open');
    return new Inspector(socket);
  }

  async send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    this.nextId += 1;
    const id = this.nextId;
    const answered = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    this.socket.send(JSON.stringify({ id, method, params }));
    return await answered;
  }

  /** Collects garbage twice in the server, then returns its process.memoryUsage() in MB. */
  async memoryAfterGc(): Promise<Record<string, number>> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const answer = (await this.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result?: { value?: string } };
    const usage = JSON.parse(answer.result?.value ?? '{}') as Record<string, number>;
    return Object.fromEntries(Object.entries(usage).map(([key, bytes]) => [key, Math.round(bytes / 1048576)]));
  }

  close(): void {
    this.socket.close();
  }
}
