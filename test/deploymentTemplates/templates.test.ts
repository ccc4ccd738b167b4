import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadConfig } from '../../bot/config.ts';
import { processEnvironment } from '../../bot/processTuning.ts';

const folder = new URL('../../deploymentTemplates/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, folder), 'utf8');
const jsonFiles = readdirSync(folder).filter((name) => name.endsWith('.json'));

interface Template {
  $schema: string;
  parameters: Record<string, { type: string; defaultValue?: unknown }>;
  variables?: Record<string, unknown>;
  resources: Array<{ type: string; name: string; properties?: Record<string, unknown> }>;
}
interface ParametersFile {
  $schema: string;
  parameters: Record<string, { value?: unknown; reference?: unknown }>;
}

const parse = (name: string): unknown => JSON.parse(read(name)) as unknown;
const isTemplate = (doc: unknown): doc is Template => String((doc as Template).$schema).includes('deploymentTemplate.json');
const isParameters = (doc: unknown): doc is ParametersFile => String((doc as ParametersFile).$schema).includes('deploymentParameters.json');
const templates = jsonFiles.filter((name) => isTemplate(parse(name)));
const parameterFiles = jsonFiles.filter((name) => isParameters(parse(name)));
const uses = (text: string, fn: 'parameters' | 'variables'): Set<string> =>
  new Set([...text.matchAll(new RegExp(`${fn}\\('([^']+)'\\)`, 'g'))].map((match) => match[1]!));

/** Platform settings App Service and Application Insights read; everything else must be one of bot/config.ts's variables. */
const platformSettings = new Set([
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'CUSTOM_BUILD_COMMAND',
  'npm_config_yes',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  ...Object.keys(processEnvironment),
]);
/** What a production start needs (DESIGN.md Configuration; bot/config.ts refuses NODE_ENV=production without MicrosoftAppId). */
const requiredInProduction = [
  'NODE_ENV', 'HOST', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId',
  'MONGODB_URI', 'MONGODB_DB', 'SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL', 'ACCOUNT_SERVICE_URL', 'ACCOUNT_SERVICE_TOKEN',
];
/** Settings holding a secret: their value must be a Key Vault reference (or nothing, for the managed-identity bot's password). */
const secrets = ['MONGODB_URI', 'SMTP_URL', 'ACCOUNT_SERVICE_TOKEN', 'MicrosoftAppPassword'];
/** What a deployed value looks like, to run the settings through the bot's own configuration check. */
const sampleValues: Record<string, string> = {
  MONGODB_URI: 'mongodb+srv://certbotadmin:secret@certbot01-mongo.global.mongocluster.cosmos.azure.com/?tls=true',
  SMTP_URL: 'smtps://mailer:secret@smtp.example-u.ac.jp:465',
  ACCOUNT_SERVICE_TOKEN: 'a-token-of-at-least-sixteen-characters',
  MicrosoftAppPassword: '',
  MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
  MicrosoftAppTenantId: '00000000-0000-0000-0000-000000000002',
  PUBLIC_URL: 'https://certbot01-bot.azurewebsites.net',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000003',
};

describe('deploymentTemplates', () => {
  it('holds one template and its parameters file, each of them valid JSON', () => {
    for (const name of jsonFiles) expect(() => parse(name), name).not.to.throw();
    expect(templates, 'one set of templates, not near-copies').to.have.length(1);
    expect(parameterFiles).to.have.length.greaterThan(0);
  });

  for (const name of templates) {
    describe(name, () => {
      const text = read(name);
      const template = parse(name) as Template;
      const webApp = template.resources.find((resource) => resource.type === 'Microsoft.Web/sites');
      const settings = new Map(
        ((webApp?.properties?.siteConfig as { appSettings?: Array<{ name: string; value: string }> } | undefined)?.appSettings ?? []).map(
          ({ name: key, value }) => [key, value] as const,
        ),
      );

      it('uses every parameter it declares, and declares every parameter it uses', () => {
        const declared = Object.keys(template.parameters);
        const used = uses(text, 'parameters');
        expect(declared.filter((parameter) => !used.has(parameter)), 'declared but unused').to.deep.equal([]);
        expect([...used].filter((parameter) => !declared.includes(parameter)), 'used but undeclared').to.deep.equal([]);
      });

      it('uses every variable it declares, and declares every variable it uses', () => {
        const declared = Object.keys(template.variables ?? {});
        const used = uses(text, 'variables');
        expect(declared.filter((variable) => !used.has(variable)), 'declared but unused').to.deep.equal([]);
        expect([...used].filter((variable) => !declared.includes(variable)), 'used but undeclared').to.deep.equal([]);
      });

      it('deploys the Azure Bot, a Linux Node 20 web app, Cosmos DB for MongoDB, Key Vault and Application Insights', () => {
        const types = template.resources.map((resource) => resource.type);
        for (const type of ['Microsoft.BotService/botServices', 'Microsoft.Web/sites', 'Microsoft.Web/serverfarms', 'Microsoft.DocumentDB/mongoClusters', 'Microsoft.KeyVault/vaults', 'Microsoft.Insights/components']) {
          expect(types, type).to.include(type);
        }
        const siteConfig = webApp!.properties!.siteConfig as Record<string, unknown>;
        expect(siteConfig.linuxFxVersion).to.equal('NODE|20-lts');
        expect(siteConfig.healthCheckPath).to.equal('/healthz');
      });

      it('sets every configuration variable the bot needs in production', () => {
        expect(requiredInProduction.filter((variable) => !settings.has(variable)), 'missing app settings').to.deep.equal([]);
      });

      it("starts the process with bot/processTuning.ts's environment", () => {
        for (const [name, value] of Object.entries(processEnvironment)) expect(settings.get(name), name).to.equal(value);
      });

      it('sets only variables bot/config.ts knows, besides the platform settings', () => {
        // The schema's keys: config.ts lists one variable per line at the object's indentation.
        const known = new Set([...readFileSync(new URL('../../bot/config.ts', import.meta.url), 'utf8').matchAll(/^ {4}([A-Za-z_]+): /gm)].map((match) => match[1]!));
        expect(known).to.include('MONGODB_URI');
        const unknown = [...settings.keys()].filter((key) => !known.has(key) && !platformSettings.has(key));
        expect(unknown).to.deep.equal([]);
      });

      it('keeps secrets in Key Vault: each secret setting is a Key Vault reference to a secret the template creates', () => {
        const vaultSecrets = template.resources
          .filter((resource) => resource.type === 'Microsoft.KeyVault/vaults/secrets')
          .map((resource) => /'([^']+)'\)\]$/.exec(resource.name)?.[1]);
        for (const key of secrets) {
          const value = settings.get(key) ?? '';
          expect(value, key).to.include('@Microsoft.KeyVault(SecretUri=');
          const secret = /SecretUri=\{0\}([A-Za-z0-9-]+)\)/.exec(value)?.[1];
          expect(vaultSecrets, `${key} → ${secret}`).to.include(secret);
        }
        const plain = [...settings.values()].filter((value) => /password|secret|token/i.test(value) && !value.includes('@Microsoft.KeyVault'));
        expect(plain).to.deep.equal([]);
      });

      it("passes the bot's own configuration check in production, with parameters.json's values", () => {
        const values = (parse('parameters.json') as ParametersFile).parameters;
        const env: Record<string, string> = {};
        for (const [key, value] of settings) {
          const parameter = /^\[parameters\('([^']+)'\)\]$/.exec(value)?.[1];
          const given = parameter ? (values[parameter]?.value ?? template.parameters[parameter]?.defaultValue) : undefined;
          env[key] = sampleValues[key] ?? (given === undefined ? value : String(given));
        }
        expect(Object.values(env).filter((value) => value.startsWith('[')), 'unresolved expressions').to.deep.equal([]);
        const config = loadConfig(env);
        expect(config.NODE_ENV).to.equal('production');
        expect(config.MicrosoftAppId).to.equal(sampleValues.MicrosoftAppId);
        expect(config.HOST).to.equal('0.0.0.0');
        expect(config.MONGODB_URI).to.equal(sampleValues.MONGODB_URI);
      });

      for (const parametersName of parameterFiles) {
        it(`matches ${parametersName}: every value names a parameter, every required parameter has a value or is a secret given on the command line`, () => {
          const values = (parse(parametersName) as ParametersFile).parameters;
          expect(Object.keys(values).filter((key) => !(key in template.parameters)), 'unknown parameters').to.deep.equal([]);
          const readme = read('README.md');
          for (const [key, declaration] of Object.entries(template.parameters)) {
            if (declaration.defaultValue !== undefined || key in values) continue;
            expect(declaration.type.toLowerCase(), `${key} has no value in ${parametersName}`).to.equal('securestring');
            expect(readme, `README.md passes ${key} on the command line`).to.include(`${key}=`);
          }
        });
      }
    });
  }
});
