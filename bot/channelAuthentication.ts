import { ConfigurationBotFrameworkAuthentication, StatusCodes } from 'botbuilder';
import { AuthenticationError, BotFrameworkAuthentication } from 'botframework-connector';
import type {
  AuthenticateRequestResult,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { Config } from './config.ts';

/**
 * How the bot checks who calls /api/messages: botbuilder's own authentication from configuration, with
 * one correction. botbuilder answers 401 only for its own AuthenticationError; a token whose signature does not
 * verify fails inside jsonwebtoken with another error type, which CloudAdapter turns into a 500 carrying the
 * library's message. Every failure to validate a channel token is a refusal, so it is answered 401 here.
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
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return await refusing(() => this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return await refusing(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return await refusing(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return await this.inner.createUserTokenClient(claimsIdentity);
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
