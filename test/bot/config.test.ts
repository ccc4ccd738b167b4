import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../bot/config.ts';

describe('loadConfig', () => {
  context('when nothing is configured', () => {
    it('uses the documented defaults and local mode', () => {
      const config = loadConfig({});
      expect(config).to.include({ PORT: 3978, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', MONGODB_DB: 'certbot' });
      // Unset PUBLIC_URL: one-time links use the address the server listens on.
      expect(config.PUBLIC_URL).to.equal(undefined);
      expect(config.MicrosoftAppId).to.equal(undefined);
    });
  });

  context('when a value is bad', () => {
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['MONGODB_URI', 'http://x'],
      ['SMTP_URL', 'mail.example.com'],
      ['ACCOUNT_SERVICE_URL', 'ftp://x'],
      ['LOG_LEVEL', 'loud'],
      ['MicrosoftAppType', 'Anyone'],
      ['TENANTS_FILE', '/no/such/file.json'],
    ] as const) {
      it(`throws a ConfigError naming ${name}=${value}`, () => {
        expect(() => loadConfig({ [name]: value })).to.throw(ConfigError, name);
      });
    }

    it('names every bad variable at once', () => {
      expect(() => loadConfig({ PORT: 'abc', MONGODB_URI: 'http://x' })).to.throw(/PORT[\s\S]*MONGODB_URI/);
    });

    it('requires MAIL_FROM with SMTP_URL and a 16-character ACCOUNT_SERVICE_TOKEN with ACCOUNT_SERVICE_URL', () => {
      expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:25' })).to.throw(ConfigError, 'MAIL_FROM');
      expect(() => loadConfig({ ACCOUNT_SERVICE_URL: 'http://127.0.0.1:3979', ACCOUNT_SERVICE_TOKEN: 'short' })).to.throw(ConfigError, 'ACCOUNT_SERVICE_TOKEN');
      expect(loadConfig({ ACCOUNT_SERVICE_URL: 'http://127.0.0.1:3979', ACCOUNT_SERVICE_TOKEN: 'x'.repeat(16) }).ACCOUNT_SERVICE_URL).to.equal('http://127.0.0.1:3979');
    });

    it('requires MicrosoftAppTenantId for a SingleTenant app', () => {
      expect(() => loadConfig({ MicrosoftAppId: 'id', MicrosoftAppType: 'SingleTenant' })).to.throw(ConfigError, 'MicrosoftAppTenantId');
    });
  });

  context('when the start is for production or reachable from the network', () => {
    for (const env of [{ NODE_ENV: 'production' }, { HOST: '0.0.0.0' }, { HOST: '10.0.0.4' }]) {
      it(`refuses local mode (no MicrosoftAppId) with ${JSON.stringify(env)} and says how to allow it`, () => {
        expect(() => loadConfig(env)).to.throw(ConfigError, /MicrosoftAppId[^\n]*ALLOW_UNAUTHENTICATED=true/);
      });
      it(`starts with ${JSON.stringify(env)} when MicrosoftAppId is set, or when ALLOW_UNAUTHENTICATED=true`, () => {
        expect(loadConfig({ ...env, MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' }).MicrosoftAppId).to.equal('app');
        expect(loadConfig({ ...env, ALLOW_UNAUTHENTICATED: 'true' }).ALLOW_UNAUTHENTICATED).to.equal('true');
      });
    }

    it('keeps local mode on loopback hosts outside production', () => {
      for (const HOST of ['127.0.0.1', 'localhost', '::1']) expect(loadConfig({ HOST }).MicrosoftAppId).to.equal(undefined);
    });

    it('takes the channel-token metadata and issuer together or not at all', () => {
      expect(() => loadConfig({ ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/metadata' })).to.throw(ConfigError, 'ToBotFromChannelTokenIssuer');
      expect(() => loadConfig({ ToBotFromChannelTokenIssuer: 'https://issuer.test' })).to.throw(ConfigError, 'ToBotFromChannelOpenIdMetadataUrl');
    });
  });

  context('when empty strings are set (as in a copied .env.example)', () => {
    it('treats them as unset', () => {
      expect(loadConfig({ MONGODB_URI: '', SMTP_URL: '' })).to.include({ MONGODB_URI: undefined, SMTP_URL: undefined });
    });
  });
});

describe('npm start with a bad configuration', () => {
  for (const [name, value] of [
    ['PORT', 'abc'],
    ['MONGODB_URI', 'http://x'],
    // A production start without channel authentication: the message names MicrosoftAppId.
    ['NODE_ENV', 'production'],
  ] as const) {
    const named = name === 'NODE_ENV' ? 'MicrosoftAppId' : name;
    it(`exits non-zero with ${name}=${value} and names ${named}`, () => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'bot/index.ts'], {
        env: { ...process.env, [name]: value },
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(result.status).to.not.equal(0);
      expect(result.stderr).to.include(named);
    });
  }
});
