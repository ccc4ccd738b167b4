import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AllowListError, parseAllowList } from '../services/staff/staffAllowList.ts';

/**
 * Configuration, parsed once at start from the environment (and `.env`, when present) and validated.
 * A bad value stops start-up with a message naming the variable. `process.env` is read nowhere else.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const urlWithScheme = (schemes: RegExp, hint: string) =>
  optionalString.refine((value) => value === undefined || (schemes.test(value) && URL.canParse(value)), {
    message: hint,
  });

const Schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    MONGODB_URI: urlWithScheme(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
    MONGODB_DB: z.string().trim().regex(/^[A-Za-z0-9_-]{1,38}$/, 'must be a database name').default('certbot'),
    SMTP_URL: urlWithScheme(/^smtps?:\/\//, 'must start with smtp:// or smtps://'),
    MAIL_FROM: optionalString.refine((value) => value === undefined || /^[^\s@]+@[^\s@]+$/.test(value), {
      message: 'must be an email address',
    }),
    ACCOUNT_SERVICE_URL: urlWithScheme(/^https?:\/\//, 'must start with http:// or https://'),
    ACCOUNT_SERVICE_TOKEN: optionalString,
    ACCOUNT_SERVICE_PORT: z.coerce.number().int().min(0).max(65535).default(3979),
    PUBLIC_URL: urlWithScheme(/^https?:\/\//, 'must start with http:// or https://'),
    TENANTS_FILE: optionalString,
    DEFAULT_TENANT: optionalString.refine((value) => value === undefined || /^[a-z0-9][a-z0-9-]{0,62}$/.test(value), {
      message: 'must be a tenant id',
    }),
    MicrosoftAppId: optionalString,
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalString,
    /**
     * Where channel tokens come from. Unset = the Azure public cloud's Bot Connector (the normal case); set both for
     * another cloud or a local identity provider in tests. Named as botbuilder names them.
     */
    ToBotFromChannelOpenIdMetadataUrl: urlWithScheme(/^https?:\/\//, 'must start with http:// or https://'),
    ToBotFromChannelTokenIssuer: optionalString,
    /** "production" turns on the production checks below. */
    NODE_ENV: optionalString,
    /** `true` lets a production or network-facing start run without channel authentication (a deliberate choice). */
    ALLOW_UNAUTHENTICATED: z.enum(['true', 'false']).default('false'),
    /** Form posts and chat sessions per client address and minute (issue 8); the console login has its own limit. */
    CLIENT_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
    /** Proxies in front of the bot that append to X-Forwarded-For (Azure App Service: 1). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /**
     * Microsoft Teams / Entra identities that may use staff commands (issue 7; bot/staff/README.md):
     * `tenantId:objectId=agent|supervisor,…` or JSON `[{"tenantId","objectId","role","id"?}]`. Counts only with MicrosoftAppId set.
     */
    STAFF_ENTRA_ALLOWLIST: optionalString.superRefine((value, context) => {
      try {
        parseAllowList(value);
      } catch (error) {
        if (!(error instanceof AllowListError)) throw error;
        context.addIssue({ code: 'custom', message: error.message });
      }
    }),
  })
  .superRefine((config, context) => {
    if (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
      context.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required for SingleTenant' });
    }
    if (!config.MicrosoftAppId && needsAuthentication(config) && config.ALLOW_UNAUTHENTICATED !== 'true') {
      context.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message:
          'is required when NODE_ENV=production or HOST is not a loopback address: without it /api/messages accepts anyone. ' +
          'Set ALLOW_UNAUTHENTICATED=true to run without channel authentication anyway',
      });
    }
    if (!config.ToBotFromChannelOpenIdMetadataUrl !== !config.ToBotFromChannelTokenIssuer) {
      context.addIssue({
        code: 'custom',
        path: [config.ToBotFromChannelOpenIdMetadataUrl ? 'ToBotFromChannelTokenIssuer' : 'ToBotFromChannelOpenIdMetadataUrl'],
        message: 'must be set together with the other ToBotFromChannel… variable',
      });
    }
    if (config.SMTP_URL && !config.MAIL_FROM) {
      context.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' });
    }
    if (config.ACCOUNT_SERVICE_URL && (config.ACCOUNT_SERVICE_TOKEN?.length ?? 0) < 16) {
      context.addIssue({
        code: 'custom',
        path: ['ACCOUNT_SERVICE_TOKEN'],
        message: 'of at least 16 characters is required when ACCOUNT_SERVICE_URL is set',
      });
    }
    if (config.TENANTS_FILE && !existsSync(config.TENANTS_FILE)) {
      context.addIssue({ code: 'custom', path: ['TENANTS_FILE'], message: 'file does not exist' });
    }
  });

export type Config = z.infer<typeof Schema>;

/** Thrown when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  override get name(): string {
    return 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): Config {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** A production start, or one reachable from the network: local mode's open /api/messages is not acceptable there. */
function needsAuthentication(config: { NODE_ENV?: string | undefined; HOST: string }): boolean {
  return config.NODE_ENV === 'production' || !isLoopbackHost(config.HOST);
}

const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** True when the bot runs without Bot Framework authentication (local mode). */
export const isLocalMode = (config: Config): boolean => !config.MicrosoftAppId;

function readEnvironment(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
