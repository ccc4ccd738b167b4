import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on a free loopback port (other processes may hold the usual ones) and resolves with its base URL. */
export async function listenLocally(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Stops `server` at once, keep-alive connections included. */
export function closeNow(server: Server | undefined): void {
  server?.closeAllConnections();
  server?.close();
}
