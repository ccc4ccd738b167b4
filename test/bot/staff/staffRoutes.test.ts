import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import restify from 'restify';
import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import type { Middleware, TurnContext } from 'botbuilder';
import { AgentSessions } from '../../../bot/agentConsole/agentSessions.ts';
import { localeMiddleware } from '../../../bot/middleware/localeMiddleware.ts';
import type { UserProfile } from '../../../bot/middleware/localeMiddleware.ts';
import { staffIdentity } from '../../../bot/middleware/staffIdentity.ts';
import { openStaffDesk } from '../../../bot/staff/staffDesk.ts';
import { registerStaffRoutes } from '../../../bot/staff/staffRoutes.ts';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { setTurnTenant } from '../../../dialogs/shared/turnContext.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import { KeywordNlu } from '../../../services/nlu/keywordNlu.ts';
import { StaffAllowList } from '../../../services/staff/staffAllowList.ts';
import { StoreStaffDirectory } from '../../../services/staff/storeStaffDirectory.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import { i18n, tFor } from '../../helpers/dialogClient.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { contractTenants } from '../../services/accounts/contract/fixture.ts';

const en = tFor('en');

/** The staff routes alone on a restify server, with sessions made directly (as login would). */
describe('registerStaffRoutes', function () {
  this.timeout(20_000);
  let reference: ReferenceAccounts;
  let server: restify.Server;
  let url: string;
  let sessions: AgentSessions;
  let directory: StoreStaffDirectory;

  before(async () => {
    reference = await openReferenceAccounts();
    const { store, clock, audit } = reference.harness;
    sessions = await AgentSessions.open(store, clock);
    directory = new StoreStaffDirectory(store);
    await directory.upsert({ id: 'agent01', name: 'Sato', role: 'agent' }, 'pw-agent-01');
    await directory.upsert({ id: 'super01', name: 'Tanaka', role: 'supervisor' }, 'pw-super-01');
    const desk = await openStaffDesk({ store, clock, audit, accounts: reference.accounts });
    const storage = new MemoryStorage();
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const tenant = TenantSchema.parse(contractTenants[0]);
    const tenantMiddleware: Middleware = {
      async onTurn(context: TurnContext, next: () => Promise<void>) {
        setTurnTenant(context, tenant);
        await next();
      },
    };
    server = restify.createServer();
    server.use(restify.plugins.queryParser({ mapParams: false }));
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    registerStaffRoutes(server, {
      sessions,
      staff: directory,
      dialog: new MainDialog(KeywordNlu.load(), conversationState.createProperty<number>('misses'), reference.accounts),
      conversationState,
      userState,
      middleware: [tenantMiddleware, localeMiddleware(i18n, userState.createProperty<UserProfile>('profile')), staffIdentity({ desk, allowList: new StaffAllowList([]), channelAuthenticated: false })],
      desk,
      defaultTenant: 'example-u',
      logger: silentLogger,
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await reference.close();
  });

  async function session(id: string): Promise<{ cookie: string; csrf: string }> {
    const member = (await directory.find(id))!;
    const { token, session: created } = await sessions.create(member);
    return { cookie: `agent_session=${token}`, csrf: created.csrfToken };
  }

  async function post(body: unknown, who?: { cookie: string; csrf: string }, csrf = who?.csrf): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (who) headers.cookie = who.cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    const response = await fetch(`${url}/agent/api/staff/turn`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  describe('POST /agent/api/staff/turn', () => {
    it('refuses a request without a session, and one without the CSRF header', async () => {
      expect((await post({ text: '/status s1234567 x T-000001' })).status).to.equal(401);
      const agent = await session('agent01');
      expect((await post({ text: '/status s1234567 x T-000001' }, agent, 'wrong')).status).to.equal(403);
      expect((await post({ text: '/status s1234567 x T-000001' }, agent, '')).status).to.equal(403);
    });

    it('refuses bad input', async () => {
      const agent = await session('agent01');
      for (const body of [{}, { text: '' }, { text: 'x'.repeat(2001) }, { value: [1] }, { text: 'x', locale: 'fr' }, { text: 'x', tenant: '../x' }, { text: 'x', conversationId: 'has space' }]) {
        expect((await post(body, agent)).status, JSON.stringify(body).slice(0, 40)).to.equal(400);
      }
    });

    it("runs the turn as the session's member, whatever the body claims, with the console's open conversation as the case", async () => {
      const agent = await session('agent01');
      const forged = { text: '/status s1234567 caller asked', locale: 'en', conversationId: 'AbCdEfGhIjKlMnOpQrStUv', from: { id: 'super01' }, channelData: { staff: { id: 'super01', role: 'supervisor' } } };
      const { status, body } = await post(forged, agent);
      expect(status).to.equal(200);
      const [reply] = body.activities as Array<{ text: string; attachments: unknown[] }>;
      expect(reply!.text).to.equal(en('staff:status.intro', { account: 's1234567' }));
      // The agent's card: no supervisor-only button.
      expect(JSON.stringify(reply!.attachments)).to.not.include(en('staff:buttons.twoFactorOff'));
      const [entry] = (await reference.harness.audit.find({ staffId: 'agent01' })).filter((found) => found.action === 'staff.status');
      expect(entry!.actor).to.deep.equal({ kind: 'staff', staffId: 'agent01', role: 'agent', conversationId: 'AbCdEfGhIjKlMnOpQrStUv' });
    });

    it('keeps each member in a conversation of their own', async () => {
      const agent = await session('agent01');
      const supervisor = await session('super01');
      const [asked] = (await post({ text: '/unlock s4000001 locked', locale: 'en' }, agent)).body.activities as Array<{ text: string }>;
      expect(asked!.text).to.equal(en('staff:ask.reference'));
      // The supervisor's "T-000009" is not the agent's answer.
      const [other] = (await post({ text: 'T-000009', locale: 'en' }, supervisor)).body.activities as Array<{ text: string }>;
      expect(other!.text).to.not.equal(en('staff:confirm.question'));
      const [confirm] = (await post({ text: 'T-000009', locale: 'en' }, agent)).body.activities as Array<{ text: string }>;
      expect(confirm!.text).to.equal(en('staff:confirm.question'));
    });
  });

  describe('GET /agent/api/audit', () => {
    const get = async (path: string, who: { cookie: string }) => await fetch(`${url}/agent/api/audit${path}`, { headers: { cookie: who.cookie } });

    it('is for supervisors only, and a refused read is audited', async () => {
      const agent = await session('agent01');
      expect((await get('?staff=agent01', agent)).status).to.equal(403);
      const denied = (await reference.harness.audit.find({ staffId: 'agent01' })).find((entry) => entry.action === 'staff.auditRead');
      expect(denied).to.deep.include({ result: 'denied', detail: 'role' });
    });

    it('follows a role change at once (the session does not keep the old role)', async () => {
      await directory.upsert({ id: 'super02', name: 'Suzuki', role: 'supervisor' }, 'pw-super-02');
      const supervisor = await session('super02');
      expect((await get('?staff=agent01', supervisor)).status).to.equal(200);
      await directory.upsert({ id: 'super02', name: 'Suzuki', role: 'agent' }, 'pw-super-02');
      expect((await get('?staff=agent01', supervisor)).status).to.equal(403);
    });

    it('needs exactly one of account and staff, and a known account', async () => {
      const supervisor = await session('super01');
      expect((await get('', supervisor)).status).to.equal(400);
      expect((await get('?staff=a&account=s1234567', supervisor)).status).to.equal(400);
      expect((await get('?account=s9999999', supervisor)).status).to.equal(404);
    });

    it('reads by account (login ID), newest first, and records the read', async () => {
      const supervisor = await session('super01');
      const response = await get('?account=s1234567&tenant=example-u', supervisor);
      const { entries } = (await response.json()) as { entries: Array<Record<string, string>> };
      expect(entries.map((entry) => entry.action)).to.include('staff.status');
      expect(entries[0]).to.have.keys(['at', 'actor', 'role', 'action', 'tenant', 'account', 'reason', 'result', 'detail', 'conversation']);
      const reads = (await reference.harness.audit.find({ staffId: 'super01' })).filter((entry) => entry.action === 'staff.auditRead' && entry.result === 'ok');
      expect(reads.length).to.be.greaterThan(0);
    });
  });
});
