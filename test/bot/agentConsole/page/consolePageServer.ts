import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Server } from 'restify';
import type { i18n } from 'i18next';
import { registerAgentPage } from '../../../../bot/agentConsole/page/index.ts';
import type { FakeAgentApi } from './fakeAgentApi.ts';

/** The console page and a fake agent API on one origin, as the real server serves them, on 127.0.0.1 port 0. */
export async function startConsolePageServer(api: FakeAgentApi, strings: i18n): Promise<{ server: Server; url: string; stop(): void }> {
  const server = restify.createServer();
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  registerAgentPage(server, { i18n: strings });
  api.register(server);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    server,
    url: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    stop() {
      server.server.closeAllConnections();
      server.close();
    },
  };
}
