import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, UserState } from 'botbuilder';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { localeMiddleware } from '../../../bot/middleware/localeMiddleware.ts';
import type { UserProfile } from '../../../bot/middleware/localeMiddleware.ts';
import { staffIdentity } from '../../../bot/middleware/staffIdentity.ts';
import { openStaffDesk } from '../../../bot/staff/staffDesk.ts';
import { MainDialog } from '../../../dialogs/mainDialog.ts';
import { setTurnTenant } from '../../../dialogs/shared/turnContext.ts';
import { setTurnStaff } from '../../../dialogs/staff/staffTurn.ts';
import type { StaffDesk, StaffIdentity } from '../../../dialogs/staff/staffTurn.ts';
import type { AuditEntry, AuditLog } from '../../../services/audit/auditLog.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { KeywordNlu } from '../../../services/nlu/keywordNlu.ts';
import { StaffAllowList } from '../../../services/staff/staffAllowList.ts';
import type { StaffLimits } from '../../../services/staff/staffLimits.ts';
import { TenantSchema } from '../../../services/tenants/tenant.ts';
import { i18n } from '../../helpers/dialogClient.ts';
import { openReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import type { ReferenceAccounts } from '../../helpers/referenceAccounts.ts';
import { contractTenants } from '../../services/accounts/contract/fixture.ts';

export const agent: StaffIdentity = { staffId: 'agent01', name: 'Sato', role: 'agent', via: 'console' };
export const supervisor: StaffIdentity = { staffId: 'super01', name: 'Tanaka', role: 'supervisor', via: 'console' };
export const supervisor2: StaffIdentity = { staffId: 'super02', name: 'Suzuki', role: 'supervisor', via: 'console' };

const nlu = KeywordNlu.load();
const tenant = TenantSchema.parse(contractTenants[0]);

/**
 * The main dialog over the real reference account service, with the real staff identity middleware. Who is staff
 * is what the test says for the next turn (`as`), set server-side as the console route does; `undefined` is a user.
 */
export interface StaffHarness {
  reference: ReferenceAccounts;
  desk: StaffDesk;
  /** Sends one activity as `who` and returns every reply. */
  send(who: StaffIdentity | undefined, input: string | Record<string, unknown>, extra?: Partial<Activity>): Promise<Array<Partial<Activity>>>;
  audit(filter?: { account?: string; staffId?: string }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

export interface StaffHarnessOptions {
  locale: Locale;
  limits?: StaffLimits;
  audit?: (log: AuditLog) => AuditLog;
  /** false: the host without staff actions at all (the "before" of the denied-path comparison). */
  staffMiddleware?: boolean;
  /** The Teams allow-list, on an authenticated channel. */
  allowList?: StaffAllowList;
}

export async function openStaffHarness(options: StaffHarnessOptions = { locale: 'en' }): Promise<StaffHarness> {
  const reference = await openReferenceAccounts();
  const { store, clock, audit } = reference.harness;
  const desk = await openStaffDesk({ store, clock, audit: options.audit ? options.audit(audit) : audit, accounts: reference.accounts, ...(options.limits ? { limits: options.limits } : {}) });
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  let next: StaffIdentity | undefined;
  let channelId: string | undefined;
  const host: Middleware = {
    async onTurn(context: TurnContext, proceed: () => Promise<void>) {
      // DialogTestClient's adapter stamps every activity with its own channel id: the sent one is put back.
      if (channelId) context.activity.channelId = channelId;
      setTurnTenant(context, tenant);
      if (next) setTurnStaff(context, next);
      await proceed();
    },
  };
  const middleware: Middleware[] = [host, localeMiddleware(i18n, userState.createProperty<UserProfile>('profile'))];
  if (options.staffMiddleware !== false) middleware.push(staffIdentity({ desk, allowList: options.allowList ?? new StaffAllowList([]), channelAuthenticated: options.allowList !== undefined }));
  middleware.push(new AutoSaveStateMiddleware(conversationState, userState));
  const client = new DialogTestClient('test', new MainDialog(nlu, conversationState.createProperty<number>('misses'), reference.accounts), undefined, middleware, conversationState);
  const channelLocale = options.locale === 'ja' ? 'ja-JP' : 'en-US';
  return {
    reference,
    desk,
    async send(who, input, extra = {}) {
      next = who;
      channelId = extra.channelId;
      const activity = { type: 'message', locale: channelLocale, ...(typeof input === 'string' ? { text: input } : { value: input }), ...extra };
      const replies: Array<Partial<Activity>> = [];
      let reply = (await client.sendActivity(activity)) as Partial<Activity> | undefined;
      while (reply) {
        replies.push(reply);
        reply = client.getNextReply() as Partial<Activity> | undefined;
      }
      return replies;
    },
    audit: (filter = {}) => audit.find(filter),
    close: () => reference.close(),
  };
}

/** The card's JSON text of a reply. */
export const cardOf = (reply: Partial<Activity> | undefined): Record<string, unknown> =>
  (reply?.attachments?.[0]?.content ?? {}) as Record<string, unknown>;

/** The Yes button's value of a confirmation card. */
export function yesOf(reply: Partial<Activity> | undefined): Record<string, unknown> {
  const actions = (cardOf(reply).actions ?? []) as Array<{ data: Record<string, unknown> }>;
  const yes = actions.find((action) => action.data.answer === 'yes');
  if (!yes) throw new Error(`no Yes button in ${JSON.stringify(reply)}`);
  return yes.data;
}
