import { ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, BotFrameworkAuthentication } from 'botframework-connector';
import type {
  AuthenticateRequestResult,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { Config } from './config.ts';
import { withDirectSends } from './connectorSends.ts';

/**
 * How the bot checks who calls /api/messages: botbuilder's own authentication from configuration, with
 * one correction. botbuilder answers 401 only for its own AuthenticationError; a token whose signature does not
 * verify fails inside jsonwebtoken with another error type, which CloudAdapter turns into a 500 carrying the
 * library's message. Every failure to validate a channel token is a refusal, so it is answered 401 here.
 * And one saving: botbuilder builds a new Bot Connector client and user-token client (an HTTP pipeline and
 * credentials each) for every turn; here they are made once per bot identity, service URL and audience and reused,
 * as the older BotFrameworkAdapter did (issue 9: building them was a visible share of a turn's CPU), and their
 * sends go straight over HTTP (bot/connectorSends.ts).
 */
export function channelAuthentication(config: Config): BotFrameworkAuthentication {
  return new RefusingAuthentication(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
      ...channelTokenSource(config),
    }),
  );
}

/**
 * Another token source than the public cloud's (sovereign clouds; a local identity provider in tests). botbuilder
 * then takes every endpoint from configuration, so the emulator's metadata points at the same source: no token is
 * ever checked against keys fetched from an address the operator did not name.
 */
function channelTokenSource(config: Config): Record<string, string> {
  const { ToBotFromChannelOpenIdMetadataUrl: metadataUrl, ToBotFromChannelTokenIssuer: issuer } = config;
  if (!metadataUrl || !issuer) return {};
  return { ToBotFromChannelOpenIdMetadataUrl: metadataUrl, ToBotFromChannelTokenIssuer: issuer, ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl };
}

/** jsonwebtoken's failures: a bad signature, a malformed token, expiry, not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

class RefusingAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly userTokenClients = new ClientCache<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusingClients(await refusing(() => this.inner.authenticateRequest(activity, authHeader)));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusingClients(await refusing(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader)));
  }

  /** A turn's connector factory comes with its authentication: the caching one stands in for botbuilder's (the same for these claims). */
  private reusingClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return { ...result, connectorFactory: this.createConnectorFactory(result.claimsIdentity) };
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return await refusing(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const identity = identityKey(claimsIdentity);
    const factory = this.inner.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string): Promise<ConnectorClient> =>
        await this.connectors.get(JSON.stringify([identity, serviceUrl, audience ?? null]), async () => withDirectSends(await factory.create(serviceUrl, audience), serviceUrl)),
    };
  }

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return await this.userTokenClients.get(identityKey(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

async function refusing<T>(authenticate: () => Promise<T>): Promise<T> {
  try {
    return await authenticate();
  } catch (error) {
    if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
      throw new AuthenticationError('Unauthorized. The token could not be validated.', StatusCodes.UNAUTHORIZED);
    }
    throw error;
  }
}

/** The bot identity a channel's claims name: botbuilder picks the credentials from these two claims. */
function identityKey(claimsIdentity: ClaimsIdentity): string {
  return JSON.stringify([
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim),
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim),
  ]);
}

/**
 * Clients by key, the most recently used kept: a handful in practice (one per channel service URL). Bounded, since in
 * local mode any loopback service URL is accepted. A creation that fails is not kept, so the next turn tries again.
 */
class ClientCache<T> {
  private static readonly LIMIT = 64;
  private readonly clients = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key);
    if (client) this.clients.delete(key);
    else {
      const created = create();
      created.catch(() => {
        if (this.clients.get(key) === created) this.clients.delete(key);
      });
      client = created;
    }
    this.clients.set(key, client);
    if (this.clients.size > ClientCache.LIMIT) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }
}
