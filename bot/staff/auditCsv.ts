import type { AuditEntry } from '../../services/audit/auditLog.ts';

/** One audit entry as the console shows it and the CSV export writes it (issue 7 item 5). */
export interface AuditRow {
  at: string;
  actor: string;
  role: string;
  action: string;
  tenant: string;
  account: string;
  reason: string;
  result: string;
  detail: string;
  conversation: string;
}

export const auditColumns: ReadonlyArray<keyof AuditRow> = ['at', 'actor', 'role', 'action', 'tenant', 'account', 'reason', 'result', 'detail', 'conversation'];

export function auditRow(entry: AuditEntry): AuditRow {
  const { actor } = entry;
  const who = actor.kind === 'staff' ? actor.staffId : actor.kind === 'user' ? 'user' : `system:${actor.component}`;
  return {
    at: entry.at.toISOString(),
    actor: who,
    role: actor.kind === 'staff' ? actor.role : actor.kind,
    action: entry.action,
    tenant: entry.tenant ?? '',
    account: entry.account ?? '',
    reason: entry.reason ?? '',
    result: entry.result,
    detail: entry.detail ?? '',
    conversation: actor.kind === 'system' ? '' : (actor.conversationId ?? ''),
  };
}

/**
 * RFC 4180 CSV with a UTF-8 byte order mark (Excel opens Japanese text correctly only with it). A cell that a
 * spreadsheet would take for a formula (= + - @, tab, CR) gets a leading apostrophe: reasons are typed text.
 */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [auditColumns.join(','), ...entries.map((entry) => auditColumns.map((column) => cell(auditRow(entry)[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
