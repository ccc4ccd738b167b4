import type { Middleware, TurnContext } from 'botbuilder';
import type { StaffAllowList } from '../../services/staff/staffAllowList.ts';
import { auditDenied } from '../../dialogs/staff/staffAudit.ts';
import { readStaffCommand } from '../../dialogs/staff/staffCommand.ts';
import { setStaffDesk, setTurnStaff, turnStaff } from '../../dialogs/staff/staffTurn.ts';
import type { StaffDesk } from '../../dialogs/staff/staffTurn.ts';

export interface StaffIdentityOptions {
  desk: StaffDesk;
  /** Entra identities allowed to act as staff from Teams (STAFF_ENTRA_ALLOWLIST). */
  allowList: StaffAllowList;
  /**
   * True only when /api/messages checks Bot Framework tokens (MicrosoftAppId is set). In local mode anyone can
   * post an activity that says it comes from Teams, so no Teams identity counts.
   */
  channelAuthenticated: boolean;
}

/**
 * Who is staff this turn (issue 7 item 1), and the staff desk for the dialogs. Only identities the channel vouches
 * for count: on authenticated Microsoft Teams, `from.aadObjectId` and the conversation's Entra tenant on the
 * allow-list. The console's own turns arrive with their identity already set server-side (bot/staff/). Nothing a
 * client can write (`from.id`, `channelData`, another channel's `aadObjectId`) makes anyone staff.
 * A staff command from anyone else is audited as denied and then goes on like any other message (issue 7 item 4).
 */
export function staffIdentity(options: StaffIdentityOptions): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      setStaffDesk(context, options.desk);
      if (!turnStaff(context)) {
        const member = teamsStaff(context, options);
        if (member) setTurnStaff(context, member);
      }
      if (!turnStaff(context) && context.activity.type === 'message') {
        const command = readStaffCommand(context.activity);
        if (command) await auditDenied(options.desk, context, command);
      }
      await next();
    },
  };
}

function teamsStaff(context: TurnContext, options: StaffIdentityOptions) {
  const { activity } = context;
  if (!options.channelAuthenticated || activity.channelId !== 'msteams') return undefined;
  const entry = options.allowList.find(entraTenantOf(activity), activity.from?.aadObjectId);
  if (!entry) return undefined;
  return { staffId: entry.id, name: activity.from.name || entry.id, role: entry.role, via: 'teams' as const };
}

/**
 * The Entra tenant of a Teams activity: `conversation.tenantId`, and Teams' `channelData.tenant.id`, which must agree
 * when both are there (both are written by the Teams service on an authenticated channel).
 */
function entraTenantOf(activity: TurnContext['activity']): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  const channelData: unknown = activity.channelData;
  const tenant = typeof channelData === 'object' && channelData !== null ? (channelData as { tenant?: unknown }).tenant : undefined;
  const fromChannelData = typeof tenant === 'object' && tenant !== null ? (tenant as { id?: unknown }).id : undefined;
  if (typeof fromConversation === 'string' && typeof fromChannelData === 'string' && fromConversation.toLowerCase() !== fromChannelData.toLowerCase()) {
    return undefined;
  }
  return typeof fromConversation === 'string' ? fromConversation : typeof fromChannelData === 'string' ? fromChannelData : undefined;
}
