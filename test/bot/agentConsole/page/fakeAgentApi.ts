import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Request, Response, Server } from 'restify';

/** One transcript line as the agent API sends it. */
export interface FakeEntry {
  from: 'user' | 'bot' | 'agent' | 'system';
  name?: string;
  text: string;
  at: string;
}

export interface FakeConversation {
  id: string;
  tenant: string;
  state: 'queued' | 'assigned' | 'bot';
  locale: 'ja' | 'en';
  queuedAt: string;
  agentId?: string;
  intent?: string;
  transcript: FakeEntry[];
  journey: { intent?: string; steps: string[] };
  verification: { passed: string[]; at: string; attempts: number } | null;
  account: Record<string, unknown> | null;
  notes: Array<{ by: string; at: string; text: string }>;
  userTypingAt?: string;
}

export interface FakeAgent {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
  password: string;
  presence: 'online' | 'away' | 'offline';
  maxChats: number;
}

/** What the staff box's turn answers (bot/staff/README.md): the bot's messages, texts and Adaptive Cards. */
export interface FakeStaffActivity {
  type: 'message';
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

/** An audit row as `GET /agent/api/audit` sends it (bot/staff/auditCsv.ts). */
export type FakeAuditRow = Record<'at' | 'actor' | 'role' | 'action' | 'tenant' | 'account' | 'reason' | 'result' | 'detail' | 'conversation', string>;

/** A request the page made, with the CSRF header it carried. */
export interface RecordedCall {
  method: string;
  path: string;
  csrf: string | undefined;
  body: unknown;
}

const COOKIE = 'agent_session';

/**
 * The documented agent API (DESIGN.md, Stable interfaces; issue 6) over in-memory data, so the console page can be
 * driven in a browser before, and apart from, the real handoff service. It checks what the real one must: the
 * session cookie and, on every mutating call, the session's CSRF token.
 */
export class FakeAgentApi extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly conversations = new Map<string, FakeConversation>();
  /** Accept answers 409 `taken` for these ids (another agent won the race). */
  readonly takenByOthers = new Set<string>();
  /** The bot's answer to a staff turn (the request body as the page sent it). */
  staffReplies: (body: Record<string, unknown>) => FakeStaffActivity[] = () => [];
  /** The audit log; supervisors read it by `account` or `staff`, others get 403. */
  readonly audit: FakeAuditRow[] = [];
  private readonly sessions = new Map<string, { agentId: string; csrfToken: string }>();

  constructor(
    readonly agents: FakeAgent[],
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  add(conversation: FakeConversation): FakeConversation {
    this.conversations.set(conversation.id, conversation);
    return conversation;
  }

  /** Forgets every session, as a logout elsewhere or an expiry does; the browser keeps its cookie. */
  endSessions(): void {
    this.sessions.clear();
  }

  /** Mutating calls the page made to a path ending so (`/accept`, `/messages`...). */
  callsTo(method: string, suffix: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && call.path.endsWith(suffix));
  }

  register(server: Server): void {
    const route = (method: 'get' | 'post' | 'put', path: string, handler: (req: Request, agent: FakeAgent | undefined) => [number, unknown?]) => {
      server[method](`/agent/api${path}`, async (req: Request, res: Response) => {
        this.calls.push({ method: req.method ?? '', path: req.path(), csrf: req.header('x-csrf-token') || undefined, body: req.body as unknown });
        const session = this.session(req);
        if (path !== '/login' && !session) return void res.send(401, { error: 'unauthenticated' });
        if (method !== 'get' && path !== '/login' && req.header('x-csrf-token') !== session?.csrfToken) return void res.send(403, { error: 'csrf' });
        const agent = this.agents.find((each) => each.id === session?.agentId);
        const [status, body] = handler(req, agent);
        if (status === 204 || body === undefined) res.send(status);
        else res.send(status, body);
        // Tests waiting for a change the page makes through this API wake up here.
        this.emit('handled');
      });
    };

    server.post('/agent/api/login', async (req: Request, res: Response) => {
      const { id, password } = (req.body ?? {}) as { id?: string; password?: string };
      this.calls.push({ method: 'POST', path: req.path(), csrf: req.header('x-csrf-token') || undefined, body: { id } });
      const agent = this.agents.find((each) => each.id === id && each.password === password);
      if (!agent) return void res.send(401, { error: 'invalid credentials' });
      const token = randomBytes(16).toString('hex');
      const csrfToken = randomBytes(16).toString('hex');
      this.sessions.set(token, { agentId: agent.id, csrfToken });
      res.header('Set-Cookie', `${COOKIE}=${token}; Path=/agent; HttpOnly; SameSite=Strict`);
      res.send(200, { id: agent.id, name: agent.name, role: agent.role, csrfToken });
    });
    route('post', '/logout', (req) => {
      this.sessions.delete(this.cookie(req) ?? '');
      return [204];
    });
    route('get', '/me', (req, agent) => [200, { ...this.publicAgent(agent!), csrfToken: this.session(req)!.csrfToken }]);
    route('put', '/presence', (req, agent) => {
      const presence = (req.body as { presence?: FakeAgent['presence'] }).presence;
      if (!presence || !['online', 'away', 'offline'].includes(presence)) return [400, { error: 'presence' }];
      agent!.presence = presence;
      return [200, { presence }];
    });
    route('get', '/conversations', () => [200, { conversations: this.queue() }]);
    route('get', '/agents', () => [200, { agents: this.agents.map((agent) => ({ ...this.publicAgent(agent), activeChats: this.activeChats(agent.id), maxChats: agent.maxChats })) }]);
    route('get', '/conversations/:id', (req) => {
      const found = this.conversations.get(String(req.params.id));
      if (!found) return [404, { error: 'not found' }];
      const { queuedAt: _queuedAt, intent: _intent, ...detail } = found;
      return [200, detail];
    });
    route('post', '/conversations/:id/accept', (req, agent) => {
      const found = this.conversations.get(String(req.params.id));
      if (!found) return [404, { error: 'not found' }];
      if (this.takenByOthers.has(found.id) || found.state !== 'queued') return [409, { error: 'taken' }];
      found.state = 'assigned';
      found.agentId = agent!.id;
      return [200, {}];
    });
    route('post', '/conversations/:id/messages', (req, agent) => this.mine(req, agent, (found) => {
      found.transcript.push({ from: 'agent', name: agent!.name, text: String((req.body as { text?: string }).text), at: this.now().toISOString() });
      return [202, {}];
    }));
    route('post', '/conversations/:id/typing', (req, agent) => this.mine(req, agent, () => [204]));
    route('post', '/conversations/:id/notes', (req, agent) => {
      const found = this.conversations.get(String(req.params.id));
      if (!found) return [404, { error: 'not found' }];
      found.notes.push({ by: agent!.name, at: this.now().toISOString(), text: String((req.body as { text?: string }).text) });
      return [201, {}];
    });
    route('post', '/conversations/:id/transfer', (req, agent) => this.mine(req, agent, (found) => {
      const target = this.agents.find((each) => each.id === (req.body as { agentId?: string }).agentId);
      if (!target || target.presence !== 'online') return [400, { error: 'agent' }];
      found.agentId = target.id;
      return [200, {}];
    }));
    route('post', '/staff/turn', (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.text !== 'string' && (typeof body.value !== 'object' || body.value === null)) return [400, { error: 'text or value is required' }];
      return [200, { activities: this.staffReplies(body) }];
    });
    server.get('/agent/api/audit', async (req: Request, res: Response) => {
      this.calls.push({ method: 'GET', path: req.path(), csrf: undefined, body: req.query as unknown });
      const agent = this.agents.find((each) => each.id === this.session(req)?.agentId);
      if (!agent) return void res.send(401, { error: 'unauthenticated' });
      if (agent.role !== 'supervisor') return void res.send(403, { error: 'supervisors only' });
      const query = req.query as Record<string, string | undefined>;
      if (!query.account === !query.staff) return void res.send(400, { error: 'account or staff' });
      const rows = this.audit.filter((row) => (query.staff ? row.actor === query.staff : row.account === query.account));
      if (query.account && rows.length === 0) return void res.send(404, { error: 'no such account' });
      if (query.format !== 'csv') return void res.send(200, { entries: rows });
      const body = Buffer.from(`\uFEFFat,actor,action\r\n${rows.map((row) => `${row.at},${row.actor},${row.action}`).join('\r\n')}\r\n`);
      res.sendRaw(200, body, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="audit.csv"', 'Content-Length': String(body.length) });
    });
    route('post', '/conversations/:id/return', (req, agent) => this.mine(req, agent, (found) => {
      found.state = 'bot';
      delete found.agentId;
      return [200, {}];
    }));
  }

  private mine(req: Request, agent: FakeAgent | undefined, act: (found: FakeConversation) => [number, unknown?]): [number, unknown?] {
    const found = this.conversations.get(String(req.params.id));
    if (!found) return [404, { error: 'not found' }];
    if (found.state !== 'assigned' || found.agentId !== agent?.id) return [409, { error: 'not yours' }];
    return act(found);
  }

  private queue(): unknown[] {
    const live = [...this.conversations.values()].filter((c) => c.state !== 'bot').sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    const queued = live.filter((c) => c.state === 'queued');
    return live.map((c) => ({
      id: c.id,
      tenant: c.tenant,
      state: c.state,
      locale: c.locale,
      queuedAt: c.queuedAt,
      waitSeconds: Math.round((this.now().getTime() - Date.parse(c.queuedAt)) / 1000),
      position: c.state === 'queued' ? queued.indexOf(c) + 1 : 0,
      ...(c.agentId ? { agentId: c.agentId, agentName: this.agents.find((agent) => agent.id === c.agentId)?.name } : {}),
      ...(c.intent ? { intent: c.intent } : {}),
      preview: c.transcript.filter((entry) => entry.from === 'user').at(-1)?.text ?? '',
    }));
  }

  private activeChats(agentId: string): number {
    return [...this.conversations.values()].filter((c) => c.state === 'assigned' && c.agentId === agentId).length;
  }

  private publicAgent(agent: FakeAgent): Omit<FakeAgent, 'password' | 'maxChats'> {
    return { id: agent.id, name: agent.name, role: agent.role, presence: agent.presence };
  }

  private cookie(req: Request): string | undefined {
    return /(?:^|;\s*)agent_session=([^;]+)/.exec(req.header('cookie') ?? '')?.[1];
  }

  private session(req: Request): { agentId: string; csrfToken: string } | undefined {
    return this.sessions.get(this.cookie(req) ?? '');
  }
}
