import { createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { BotClient, postJson } from '../helpers/botClient.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

const APP_ID = '00000000-0000-0000-0000-00000000b075';
const ISSUER = 'https://api.botframework.test';
const SERVICE_URL = 'https://smba.trafficmanager.net/jp/';
const CHANNEL = 'msteams';

/**
 * A local identity provider in the Bot Connector's shape: OpenID metadata, and JWKs endorsed for the channel.
 * The bot is pointed at it with ToBotFromChannelOpenIdMetadataUrl/ToBotFromChannelTokenIssuer, so tokens can be
 * made here, valid or broken in exactly one way each.
 */
class LocalIdentityProvider {
  readonly keyId = 'test-key-1';
  private readonly signingKey: KeyObject;
  private readonly foreignKey: KeyObject;
  private readonly publicJwk: Record<string, unknown>;
  private server: Server | undefined;
  metadataUrl = '';

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.signingKey = pair.privateKey;
    this.foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: this.keyId, use: 'sig', endorsements: [CHANNEL] };
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
      const body =
        request.url === '/.well-known/openid-configuration'
          ? { issuer: ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : request.url === '/keys'
            ? { keys: [this.publicJwk] }
            : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.metadataUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/openid-configuration`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A channel token; `claims` overrides the valid ones, `foreign` signs with a key the metadata does not list. */
  token(claims: Record<string, unknown> = {}, options: { foreign?: boolean } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const payload = { iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signed = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(signed).sign(options.foreign ? this.foreignKey : this.signingKey);
    return `${signed}.${signature.toString('base64url')}`;
  }
}

describe('channel authentication with MicrosoftAppId set (a local identity provider stands in for the Bot Connector)', () => {
  const provider = new LocalIdentityProvider();
  const bearer = (token: string): string => `Bearer ${token}`;
  let running: RunningApp;

  before(async () => {
    await provider.start();
    running = await startTestApp({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-by-these-tests',
      ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
      ToBotFromChannelTokenIssuer: ISSUER,
    });
  });
  after(async () => {
    await running?.stop();
    await provider.stop();
  });

  /** An event the bot ignores: accepted means 200 without any reply (so no outgoing call to the channel). */
  async function post(authorization?: string, fields: Record<string, unknown> = {}): Promise<number> {
    const client = new BotClient(running.url, SERVICE_URL);
    const activity = client.activity({ type: 'event', name: 'test.ignored', channelId: CHANNEL, ...fields });
    const response = await postJson(`${running.url}/api/messages`, activity, authorization ? { authorization } : {});
    return response.status;
  }

  it('accepts a valid channel token (the control for every refusal below)', async () => {
    expect(await post(bearer(provider.token()))).to.equal(200);
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  const refusals: Array<[name: string, authorization: () => string | undefined, fields?: Record<string, unknown>]> = [
    ['no token', () => undefined],
    ['credentials that are not a bearer token', () => `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['an expired token (past the 5-minute clock tolerance)', () => bearer(provider.token({ exp: now() - 600 }))],
    ['a token not yet valid', () => bearer(provider.token({ nbf: now() + 600 }))],
    ['a token for another bot (wrong audience)', () => bearer(provider.token({ aud: '00000000-0000-0000-0000-0000000000ff' }))],
    ['a token from another issuer', () => bearer(provider.token({ iss: 'https://login.attacker.test' }))],
    ['a token signed with a key the metadata does not list (bad signature)', () => bearer(provider.token({}, { foreign: true }))],
    ['a token whose signature was cut off', () => bearer(`${provider.token().split('.').slice(0, 2).join('.')}.`)],
    ['a token for another serviceUrl than the activity names', () => bearer(provider.token({ serviceurl: 'https://attacker.test/' }))],
    ['a token whose key is not endorsed for the activity’s channel', () => bearer(provider.token()), { channelId: 'webchat' }],
  ];
  for (const [name, authorization, fields] of refusals) {
    it(`refuses ${name} with 401`, async () => {
      expect(await post(authorization(), fields)).to.equal(401);
    });
  }
});
