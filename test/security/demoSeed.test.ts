import { expect } from 'chai';
import { postJson } from '../helpers/botClient.ts';
import { startTestApp } from '../helpers/testApp.ts';

/** The demo fixture's passwords are in the repository: only a local try-out may load them (SECURITY.md). */
describe('the demo fixture', function () {
  this.timeout(60_000);

  const demoStaffLogin = async (env: Record<string, string>): Promise<number> => {
    const running = await startTestApp(env);
    try {
      return (await postJson(`${running.url}/agent/api/login`, { id: 'agent01', password: 'demo-agent-01' })).status;
    } finally {
      await running.stop();
    }
  };

  it('is loaded for a local try-out: the demo agent can log in', async () => {
    expect(await demoStaffLogin({})).to.equal(200);
  });

  for (const [name, env] of [
    ['a production start', { NODE_ENV: 'production', ALLOW_UNAUTHENTICATED: 'true' }],
    ['an authenticated start (MicrosoftAppId set)', { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' }],
  ] as const) {
    it(`is not loaded on ${name}: the demo agent's public password opens nothing`, async () => {
      expect(await demoStaffLogin(env)).to.equal(401);
    });
  }
});
