import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { loadConfig } from '../../bot/config.ts';
import { createServer } from '../../bot/server.ts';
import { createLogger } from '../../services/log/logger.ts';

/**
 * The framework's floor for `npm run bench`: a bare botbuilder echo bot (no state, no NLU, no store) on the same
 * host code as the support bot — bot/server.ts's restify server, body limits and activity guard, the same process
 * settings — with botbuilder's own CloudAdapter and authentication, as DESIGN.md defines the floor. What the support
 * bot does better than botbuilder itself (bot/channelAuthentication.ts reuses Bot Connector clients and posts
 * replies directly, bot/connectorSends.ts) is its own saving, not the floor's; whatever it costs above this is ours.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) await context.sendActivity('Hello and welcome!');
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? JSON.stringify(context.activity.value ?? null)}`);
      await next();
    });
  }
}

const logger = createLogger('warn');
const config = loadConfig();
const adapter = new CloudAdapter(
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  }),
);
const { server } = createServer({ adapter, bot: new EchoBot(), readiness: {}, logger, localMode: true });
const http = server.server;
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await once(http, 'listening');
const { port } = http.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
process.on('SIGTERM', () => process.exit(0));
