import type { Request, Response, Server } from 'restify';
import type { Activity, BotState, Middleware } from 'botbuilder';
import { runDialog } from 'botbuilder-dialogs';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import { readCookie } from '../accountPages/cookies.ts';
import { SESSION_COOKIE } from '../agentConsole/agentApi.ts';
import { csrfMatches } from '../agentConsole/agentSessions.ts';
import type { AgentSessions } from '../agentConsole/agentSessions.ts';
import type { Logger } from '../../services/log/logger.ts';
import type { StaffDirectory, StaffMember } from '../../services/staff/staffDirectory.ts';
import { readReference } from '../../dialogs/staff/staffCommand.ts';
import { setTurnStaff } from '../../dialogs/staff/staffTurn.ts';
import type { StaffDesk } from '../../dialogs/staff/staffTurn.ts';
import { auditCsv, auditRow } from './auditCsv.ts';
import { ConsoleTurnAdapter } from './consoleTurnAdapter.ts';

/** The console's conversations with the bot: one per staff member, on a channel of their own. */
export const CONSOLE_CHANNEL = 'agentconsole';
/** The longest staff message (the same as a user's). */
const MAX_TEXT = 2000;
const MAX_AUDIT_ROWS = 1000;

export interface StaffRoutesDeps {
  /** The agent console's sessions (bot/agentConsole/agentSessions.ts): the same cookie and CSRF header. */
  sessions: AgentSessions;
  /** The current role of a session's member (a role changed since login counts at once). */
  staff: StaffDirectory;
  /** The main dialog and the state it runs in, as for /api/messages. */
  dialog: Dialog;
  conversationState: BotState;
  userState: BotState;
  /** The turn middleware the dialogs need: tenant, locale, and the staff identity middleware (it adds the desk). */
  middleware: Middleware[];
  desk: StaffDesk;
  defaultTenant: string;
  logger: Logger;
}

type Handler = (req: Request, res: Response, member: StaffMember) => Promise<void>;

/**
 * Staff actions and the audit log over the agent API (issue 7; documented in bot/staff/README.md):
 * `POST /agent/api/staff/turn` runs a bot turn in the member's console conversation, with the staff identity set
 * here from the session (never from the request body); `GET /agent/api/audit` reads the audit (supervisors).
 */
export function registerStaffRoutes(server: Server, deps: StaffRoutesDeps): void {
  const adapter = new ConsoleTurnAdapter(deps.middleware);
  const dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
  const route = (method: 'get' | 'post', path: string, handler: Handler): void => {
    server[method](`/agent/api${path}`, async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      try {
        const session = await deps.sessions.find(readCookie(req, SESSION_COOKIE));
        if (!session) return fail(res, 401, 'not logged in');
        if (method !== 'get' && !csrfMatches(session, req.header('x-csrf-token'))) return fail(res, 403, 'missing or wrong X-CSRF-Token');
        const member = await deps.staff.find(session.member.id);
        if (!member) return fail(res, 401, 'not logged in');
        await handler(req, res, member);
      } catch (error) {
        deps.logger.error('staff api failed', { path, error });
        fail(res, 500, 'internal error');
      }
    });
  };

  route('post', '/staff/turn', async (req, res, member) => {
    const input = turnInput(req.body);
    if (typeof input === 'string') return fail(res, 400, input);
    const activity: Partial<Activity> = {
      type: 'message',
      id: `console-${Date.now().toString(36)}`,
      channelId: CONSOLE_CHANNEL,
      serviceUrl: 'urn:agentconsole',
      conversation: { id: `agent-console.${member.id}`, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: `staff:${member.id}`, name: member.name, role: 'user' },
      recipient: { id: 'bot', name: 'bot', role: 'bot' },
      timestamp: new Date(),
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.text === undefined ? {} : { text: input.text }),
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(input.tenant ? { channelData: { tenant: input.tenant } } : {}),
    };
    const prepare = (context: Parameters<typeof setTurnStaff>[0]) =>
      setTurnStaff(context, { staffId: member.id, name: member.name, role: member.role, via: 'console', ...(input.openCase ? { openCase: input.openCase } : {}) });
    const replies = await adapter.turn(activity, prepare, async (context) => {
      await runDialog(deps.dialog, context, dialogState);
      await deps.conversationState.saveChanges(context, false);
      await deps.userState.saveChanges(context, false);
    });
    res.send(200, { activities: replies.map(({ type, text, attachments }) => ({ type, ...(text ? { text } : {}), ...(attachments ? { attachments } : {}) })) });
  });

  route('get', '/audit', async (req, res, member) => {
    const actor = { kind: 'staff', staffId: member.id, role: member.role } as const;
    const query = req.query as Record<string, unknown>;
    const account = typeof query.account === 'string' ? query.account.trim() : undefined;
    const staffId = typeof query.staff === 'string' ? query.staff.trim() : undefined;
    if (member.role !== 'supervisor') {
      await deps.desk.audit.append({ at: deps.desk.clock(), actor, action: 'staff.auditRead', result: 'denied', detail: 'role' });
      return fail(res, 403, 'supervisors only');
    }
    if (!account === !staffId) return fail(res, 400, 'give exactly one of account (with tenant) or staff');
    const tenant = typeof query.tenant === 'string' && query.tenant.trim() ? query.tenant.trim() : deps.defaultTenant;
    const limit = Math.min(Math.max(Number(query.limit) || 200, 1), MAX_AUDIT_ROWS);
    let filter: { account: string } | { staffId: string };
    if (account) {
      const ref = await deps.desk.accounts.lookup(tenant, account, actor);
      if (!ref) return fail(res, 404, 'no such account');
      filter = { account: ref.id };
    } else filter = { staffId: staffId! };
    // Reading the audit is itself on the record, before the read (the same unit as an action).
    const detail = 'account' in filter ? `account:${filter.account}` : `staff:${filter.staffId}`;
    await deps.desk.audit.append({ at: deps.desk.clock(), actor, action: 'staff.auditRead', result: 'ok', detail, ...('account' in filter ? { tenant, account: filter.account } : {}) });
    const entries = await deps.desk.audit.find(filter, limit);
    if (query.format !== 'csv') return void res.send(200, { entries: entries.map(auditRow) });
    const body = Buffer.from(auditCsv(entries), 'utf8');
    const name = `audit-${'account' in filter ? 'account' : 'staff'}-${deps.desk.clock().toISOString().slice(0, 10)}.csv`;
    res.sendRaw(200, body, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });
}

interface TurnInput {
  text?: string;
  value?: Record<string, unknown>;
  locale?: 'ja' | 'en';
  tenant?: string;
  openCase?: string;
}

/** The staff box's request: text or a card's value, the console's language, tenant and open conversation. */
function turnInput(raw: unknown): TurnInput | string {
  const body = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { text, value, locale, tenant, conversationId } = body;
  if (text !== undefined && (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT)) return `text must be 1–${MAX_TEXT} characters`;
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) return 'value must be an object';
  if (text === undefined && value === undefined) return 'text or value is required';
  if (locale !== undefined && locale !== 'ja' && locale !== 'en') return 'locale must be ja or en';
  if (tenant !== undefined && (typeof tenant !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant))) return 'tenant must be a tenant id';
  const openCase = typeof conversationId === 'string' ? readReference(conversationId) : undefined;
  if (conversationId !== undefined && !openCase) return 'conversationId must be a conversation id or ticket number';
  return {
    ...(typeof text === 'string' ? { text } : {}),
    ...(value === undefined ? {} : { value: value as Record<string, unknown> }),
    ...(locale ? { locale } : {}),
    ...(typeof tenant === 'string' ? { tenant } : {}),
    ...(openCase ? { openCase } : {}),
  };
}

function fail(res: Response, status: number, error: string): void {
  res.send(status, { error });
}
