import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { channelAuthentication } from '../../bot/channelAuthentication.ts';
import { loadConfig } from '../../bot/config.ts';
import { closeNow, listenLocally } from '../helpers/localHttp.ts';

describe('channel authentication: Bot Connector clients per turn (bot/channelAuthentication.ts)', () => {
  const posted: string[] = [];
  let server: Server;
  let serviceUrl = '';

  before(async () => {
    server = createServer((req, res) => {
      posted.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        // Not chained: restify, loaded by other tests, replaces writeHead with one that returns nothing.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      });
    });
    serviceUrl = await listenLocally(server);
  });
  after(() => closeNow(server));

  const activity = (url: string): Activity => ({ type: 'message', text: 'hi', channelId: 'directline', serviceUrl: url, conversation: { id: 'c-1' } }) as Activity;

  it('gives every turn from the same channel the same client, whose replies go straight to the service URL', async () => {
    const authentication = channelAuthentication(loadConfig({}));
    const first = await authentication.authenticateRequest(activity(serviceUrl), '');
    const second = await authentication.authenticateRequest(activity(serviceUrl), '');
    const client = await first.connectorFactory!.create(serviceUrl, first.audience);
    expect(await second.connectorFactory!.create(serviceUrl, second.audience)).to.equal(client);
    // A proactive turn (continueConversation) asks createConnectorFactory: the same client again.
    expect(await authentication.createConnectorFactory(first.claimsIdentity).create(serviceUrl, first.audience)).to.equal(client);

    expect(await client.conversations.replyToActivity('c-1', 'a-1', { type: 'message', text: 'hello' } as Activity)).to.deep.equal({ id: '1' });
    expect(posted).to.deep.equal(['POST /v3/conversations/c-1/activities/a-1']);
  });

  it('keeps channels apart: another service URL gets its own client', async () => {
    const authentication = channelAuthentication(loadConfig({}));
    const result = await authentication.authenticateRequest(activity(serviceUrl), '');
    const other = `${serviceUrl}/other`;
    const client = await result.connectorFactory!.create(serviceUrl, result.audience);
    expect(await result.connectorFactory!.create(other, result.audience)).not.to.equal(client);
  });
});
