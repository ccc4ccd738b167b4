import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { HttpAccounts } from '../../services/accounts/httpAccounts.ts';
import { startBotProcess } from '../helpers/botProcess.ts';
import type { BotProcess } from '../helpers/botProcess.ts';

const TOKEN = 'process-token-0123456789';

describe('npm run account-service', function () {
  this.timeout(60_000);
  let dir: string;
  let running: BotProcess | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'account-service-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the demo accounts over HTTP to an HttpAccounts client holding the token', async () => {
    running = await startBotProcess({ DATA_DIR: dir, ACCOUNT_SERVICE_TOKEN: TOKEN, ACCOUNT_SERVICE_PORT: '0' }, 'bot/accountServiceMain.ts');
    const client = new HttpAccounts({ baseUrl: running.url, token: TOKEN });
    try {
      await client.ping();
      const verified = await client.verifyIdentity(
        { kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'taro@example-u.ac.jp' },
        { kind: 'user', conversationId: 'conv-process' },
      );
      expect(verified.verified).to.equal(true);
    } finally {
      client.close();
    }
    const refused = await fetch(`${running.url}/v1/health`, { headers: { authorization: 'Bearer wrong-token-0000000000' } });
    expect(refused.status).to.equal(401);
  });

  it('refuses to start without a token of 16 characters', async () => {
    const error = await startBotProcess({ DATA_DIR: dir, ACCOUNT_SERVICE_TOKEN: 'short', ACCOUNT_SERVICE_PORT: '0' }, 'bot/accountServiceMain.ts').then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.message).to.include('ACCOUNT_SERVICE_TOKEN');
  });
});
