import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { processEnvironment } from '../../bot/processTuning.ts';

const folder = new URL('../../deploymentTemplates/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, folder), 'utf8');

/** The Dockerfile's instructions, continuation lines joined and comments dropped. */
function instructions(text: string): Array<{ keyword: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('deploymentTemplates/Dockerfile', () => {
  const steps = instructions(read('Dockerfile'));
  const lastStage = steps.slice(steps.map((step) => step.keyword).lastIndexOf('FROM'));

  it('is multi-stage, and the runtime stage copies only the dependencies from the build stage', () => {
    const stages = steps.filter((step) => step.keyword === 'FROM');
    expect(stages.length).to.be.at.least(2);
    expect(stages.every((stage) => /\bAS\s+\w+/i.test(stage.args))).to.equal(true);
    expect(lastStage.some((step) => step.keyword === 'COPY' && step.args.startsWith('--from='))).to.equal(true);
  });

  it('installs production dependencies only, from the lock file', () => {
    const installs = steps.filter((step) => step.keyword === 'RUN' && /\bnpm (ci|install|i)\b/.test(step.args));
    expect(installs).to.have.length.greaterThan(0);
    for (const install of installs) expect(install.args).to.match(/npm ci --omit=dev/);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = lastStage.filter((step) => step.keyword === 'USER');
    expect(users, 'USER in the final stage').to.have.length.greaterThan(0);
    expect(users.at(-1)!.args).not.to.match(/^(root|0)(:|$)/);
  });

  it("sets bot/processTuning.ts's environment in the final stage", () => {
    const env = lastStage.filter((step) => step.keyword === 'ENV').map((step) => step.args).join(' ');
    for (const [name, value] of Object.entries(processEnvironment)) expect(env, name).to.include(`${name}=${value}`);
  });

  it('checks /healthz and starts the bot as npm start does (tsx bot/index.ts)', () => {
    const healthcheck = lastStage.find((step) => step.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).to.include('/healthz');
    const command = lastStage.find((step) => step.keyword === 'CMD');
    expect(command?.args).to.include('tsx').and.to.include('bot/index.ts');
  });

  it('copies every source folder the bot imports, and each one exists', () => {
    for (const dir of ['bot', 'dialogs', 'services', 'locales']) {
      expect(lastStage.some((step) => step.keyword === 'COPY' && step.args.startsWith(`${dir} `)), dir).to.equal(true);
      expect(existsSync(new URL(`../../${dir}`, import.meta.url)), dir).to.equal(true);
    }
  });

  it('can run TypeScript with production dependencies only: tsx is a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).to.have.property('tsx');
  });
});

describe('deploymentTemplates/compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<string, { build?: { context: string; dockerfile: string }; image?: string; environment?: Record<string, string> }>;
  };

  it('runs the bot built from the Dockerfile, MongoDB and a mail catcher', () => {
    expect(Object.keys(compose.services)).to.have.members(['bot', 'mongo', 'mailpit']);
    expect(compose.services.bot!.build).to.deep.equal({ context: '..', dockerfile: 'deploymentTemplates/Dockerfile' });
    expect(compose.services.mongo!.image).to.match(/^mongo:/);
    expect(compose.services.mailpit!.image).to.match(/mailpit/);
  });

  it('points the bot at MongoDB and the mail catcher with valid configuration', () => {
    const env = compose.services.bot!.environment!;
    expect(env.MONGODB_URI).to.match(/^mongodb:\/\/mongo:27017\//);
    expect(env.SMTP_URL).to.equal('smtp://mailpit:1025');
    expect(env.MAIL_FROM).to.match(/^[^@\s]+@[^@\s]+$/);
  });
});
