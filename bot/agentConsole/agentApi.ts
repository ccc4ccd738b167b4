import type { Request, Response, Server } from 'restify';
import { readCookie, setCookie } from '../accountPages/cookies.ts';
import { presences } from '../../services/handoff/agentPresence.ts';
import type { Presence } from '../../services/handoff/agentPresence.ts';
import { HANDOFF_ID } from '../../services/handoff/handoffRecord.ts';
import type { HandoffRecord } from '../../services/handoff/handoffRecord.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { StaffDirectory } from '../../services/staff/staffDirectory.ts';
import type { AgentSession, AgentSessions } from './agentSessions.ts';
import { csrfMatches } from './agentSessions.ts';
import type { ConversationViews } from './conversationViews.ts';
import type { HandoffRelay } from './handoffRelay.ts';

export const SESSION_COOKIE = 'agent_session';
/** Longest message or note an agent may send in one go (the user's side has the same limit). */
export const MAX_AGENT_TEXT = 2000;

export interface AgentApiDeps {
  sessions: AgentSessions;
  staff: StaffDirectory;
  relay: HandoffRelay;
  views: ConversationViews;
  /** PUBLIC_URL is https: the session cookie is Secure. */
  secureCookies: boolean;
  logger: Logger;
}

type Handler = (req: Request, res: Response, session: AgentSession) => Promise<void>;

/**
 * The agent console's HTTP API under /agent/api/ (documented in agentApi.md; DESIGN.md "Stable interfaces").
 * Session in an HttpOnly, SameSite=Strict cookie; every mutating call also carries X-CSRF-Token.
 */
export function registerAgentApi(server: Server, deps: AgentApiDeps): void {
  const { relay, views, sessions } = deps;
  const { handoffs } = relay.deps;
  const api = (method: 'get' | 'post' | 'put', path: string, handler: Handler): void => {
    server[method](`/agent/api${path}`, async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      try {
        const session = await sessions.find(readCookie(req, SESSION_COOKIE));
        if (!session) return fail(res, 401, 'not logged in');
        if (method !== 'get' && !csrfMatches(session, req.header('x-csrf-token'))) return fail(res, 403, 'missing or wrong X-CSRF-Token');
        await handler(req, res, session);
      } catch (error) {
        deps.logger.error('agent api failed', { path, error });
        fail(res, 500, 'internal error');
      }
    });
  };

  server.post('/agent/api/login', async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    const { id, password } = body(req);
    const member = typeof id === 'string' && typeof password === 'string' ? await deps.staff.verifyLogin(id, password) : undefined;
    if (!member) return fail(res, 401, 'wrong id or password');
    // Signing in to the console means taking chats, as in contact-center consoles; the agent can step away.
    await handoffs.presence.register(member, handoffs.queue.clock());
    await handoffs.presence.set(member.id, 'online', handoffs.queue.clock());
    const { token, session } = await sessions.create(member);
    res.header('Set-Cookie', cookie(token, deps.secureCookies));
    res.send(200, { ...member, csrfToken: session.csrfToken });
  });

  api('post', '/logout', async (req, res, session) => {
    await handoffs.presence.set(session.member.id, 'offline', handoffs.queue.clock());
    await sessions.end(readCookie(req, SESSION_COOKIE));
    res.header('Set-Cookie', cookie('', deps.secureCookies, 0));
    res.send(204);
  });

  api('get', '/me', async (_req, res, session) => {
    const status = await handoffs.presence.get(session.member.id);
    res.send(200, { ...session.member, presence: status?.presence ?? 'offline', csrfToken: session.csrfToken });
  });

  api('put', '/presence', async (req, res, session) => {
    const { presence } = body(req);
    if (!presences.includes(presence as Presence)) return fail(res, 400, `presence must be one of ${presences.join(', ')}`);
    await handoffs.presence.set(session.member.id, presence as Presence, handoffs.queue.clock());
    res.send(200, { presence });
  });

  api('get', '/conversations', async (_req, res, session) => {
    res.send(200, { conversations: await views.list(session.member) });
  });

  api('get', '/agents', async (_req, res) => {
    res.send(200, { agents: await views.agents() });
  });

  const conversation = (method: 'get' | 'post', suffix: string, handler: (req: Request, res: Response, session: AgentSession, record: HandoffRecord) => Promise<void>): void =>
    api(method, `/conversations/:id${suffix}`, async (req, res, session) => {
      const id = String(req.params.id ?? '');
      const record = HANDOFF_ID.test(id) ? await handoffs.queue.get(id) : undefined;
      if (!record || record.external || !views.mayView(session.member, record)) return fail(res, 404, 'no such conversation');
      await handler(req, res, session, record);
    });

  conversation('get', '', async (_req, res, session, record) => {
    res.send(200, await views.detail(record, session.member));
  });

  conversation('post', '/accept', async (_req, res, session, record) => {
    const accepted = await handoffs.accept(record._id, session.member);
    if (typeof accepted === 'string') return fail(res, 409, accepted);
    await relay.announceAgent(accepted, 'handoff:joined');
    await relay.tellMoved();
    res.send(200, views.summary(accepted));
  });

  conversation('post', '/messages', async (req, res, session, record) => {
    const text = agentText(req);
    if (!text) return fail(res, 400, `text must be 1–${MAX_AGENT_TEXT} characters`);
    const mine = await handoffs.agentActive(record._id, session.member);
    if (!mine) return fail(res, 409, 'not your conversation');
    await relay.relayAgentMessage(mine, text);
    res.send(202, { accepted: true });
  });

  conversation('post', '/typing', async (_req, res, session, record) => {
    const mine = await handoffs.agentActive(record._id, session.member);
    if (!mine) return fail(res, 409, 'not your conversation');
    await relay.relayAgentTyping(mine);
    res.send(204);
  });

  conversation('post', '/notes', async (req, res, session, record) => {
    const text = agentText(req);
    if (!text) return fail(res, 400, `text must be 1–${MAX_AGENT_TEXT} characters`);
    const noted = await handoffs.addNote(record._id, session.member, text);
    if (!noted) return fail(res, 409, 'the conversation is no longer with the support center');
    res.send(201, { notes: views.notes(noted) });
  });

  conversation('post', '/transfer', async (req, res, session, record) => {
    const { agentId } = body(req);
    const target = typeof agentId === 'string' ? await handoffs.presence.get(agentId) : undefined;
    if (!target) return fail(res, 404, 'no such agent');
    const moved = await handoffs.transfer(record._id, session.member, target);
    if (typeof moved === 'string') return fail(res, 409, moved);
    await relay.announceAgent(moved, 'handoff:transferred');
    res.send(200, views.summary(moved));
  });

  conversation('post', '/return', async (_req, res, session, record) => {
    const returned = await handoffs.returnToBot(record._id, session.member);
    if (!returned) return fail(res, 409, 'not your conversation');
    await relay.returned(returned);
    res.send(200, views.summary(returned));
  });
}

function body(req: Request): Record<string, unknown> {
  const parsed: unknown = req.body;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function agentText(req: Request): string | undefined {
  const { text } = body(req);
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_AGENT_TEXT ? trimmed : undefined;
}

function fail(res: Response, status: number, error: string): void {
  res.send(status, { error });
}

function cookie(token: string, secure: boolean, maxAge?: number): string {
  return setCookie(SESSION_COOKIE, token, { path: '/agent', sameSite: 'Strict', secure, ...(maxAge === undefined ? {} : { maxAge }) });
}
