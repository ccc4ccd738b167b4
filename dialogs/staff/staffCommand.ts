import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { locales, localesDir } from '../../services/i18n/i18n.ts';
import { redactText } from '../../services/redaction/redact.ts';
import { isStaffAction, staffActions } from '../../services/staff/staffActions.ts';
import type { StaffAction } from '../../services/staff/staffActions.ts';
import { APPROVAL_CODE } from '../../services/staff/staffApprovals.ts';

/** What a staff member asked for, typed (`/status s1234567 …`, 「状態 s1234567 …」) or from a card button. */
export type StaffCommand =
  | { kind: 'action'; action: StaffAction; account: string; tenant?: string; reason?: string; reference?: string }
  | { kind: 'approve'; code: string; reason?: string; reference?: string };

/** The card button's value that starts a command: `{action: 'staff', command, account, tenant?}`. */
export interface StaffCardValue {
  action: 'staff';
  command: StaffAction;
  account: string;
  tenant?: string;
}

export const MAX_REASON_LENGTH = 200;
export const MAX_REFERENCE_LENGTH = 64;

const commandNames = [...staffActions, 'approve'] as const;
type CommandName = (typeof commandNames)[number];
const WordsFile = z.object({ commandWords: z.partialRecord(z.enum(commandNames), z.array(z.string().min(1))) });

/**
 * Command words of both languages (locales/<lang>/staff.json `commandWords`). A word is typed as listed, or with
 * a `/` before it when it has none of its own: 「状態」 and 「/状態」, but "status" only as "/status" (English
 * words are too common in ordinary messages).
 */
const words: ReadonlyMap<string, CommandName> = new Map(
  locales.flatMap((locale) => {
    const file = WordsFile.parse(JSON.parse(readFileSync(path.join(localesDir, locale, 'staff.json'), 'utf8')) as unknown);
    return Object.entries(file.commandWords).flatMap(([name, list]) =>
      list.flatMap((word) => {
        const folded = word.normalize('NFKC').toLowerCase();
        const forms = folded.startsWith('/') ? [folded] : [folded, `/${folded}`];
        return forms.map((form) => [form, name as CommandName] as const);
      }),
    );
  }),
);

/** `example-u:s1234567`, `s1234567`, `hanako@example.com`: an optional tenant, then a login ID or an address. */
const ACCOUNT = /^(?:([a-z0-9][a-z0-9-]{0,62}):)?([A-Za-z0-9._%+@-]{1,254})$/;
/** A ticket number or `#` and a conversation id (the console's handoff ids, a call log number...). */
const REFERENCE = /^(T-\d{6}|#[A-Za-z0-9._:-]{1,63})$/;

/** The staff command a message carries, or undefined when it is not shaped like one. */
export function readStaffCommand(activity: { text?: string; value?: unknown }): StaffCommand | undefined {
  return readCardValue(activity.value) ?? (typeof activity.text === 'string' ? readText(activity.text) : undefined);
}

function readText(text: string): StaffCommand | undefined {
  // Teams puts the bot's @mention before the text in channels and group chats.
  const tokens = text.normalize('NFKC').replace(/<at>[^<]*<\/at>/g, ' ').trim().split(/\s+/);
  const name = words.get((tokens[0] ?? '').toLowerCase());
  if (!name || tokens.length < 2) return undefined;
  const [, target = '', ...rest] = tokens;
  const referenceIndex = rest.findIndex((token) => REFERENCE.test(token));
  const reference = referenceIndex >= 0 ? rest.splice(referenceIndex, 1)[0]!.replace(/^#/, '') : undefined;
  const reason = cleanReason(rest.join(' '));
  const extras = { ...(reason ? { reason } : {}), ...(reference ? { reference } : {}) };
  if (name === 'approve') {
    const code = target.toUpperCase();
    return APPROVAL_CODE.test(code) ? { kind: 'approve', code, ...extras } : { kind: 'approve', code: '', ...extras };
  }
  const account = ACCOUNT.exec(target);
  if (!account) return { kind: 'action', action: name, account: '', ...extras };
  return { kind: 'action', action: name, account: account[2]!, ...(account[1] ? { tenant: account[1] } : {}), ...extras };
}

function readCardValue(value: unknown): StaffCommand | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.action !== 'staff' || !isStaffAction(record.command) || typeof record.account !== 'string') return undefined;
  const account = ACCOUNT.exec(record.account);
  const tenant = typeof record.tenant === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(record.tenant) ? record.tenant : undefined;
  return { kind: 'action', action: record.command, account: account ? account[2]! : '', ...(tenant ? { tenant } : {}) };
}

/** A reason as the audit keeps it: one line, at most MAX_REASON_LENGTH characters, anything secret-shaped redacted. */
export function cleanReason(text: string): string | undefined {
  const line = redactText(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
  return line === '' ? undefined : [...line].slice(0, MAX_REASON_LENGTH).join('');
}

/** A case reference typed on its own (after the bot asked): a ticket, a conversation id or a call log number. */
export function readReference(text: string): string | undefined {
  const token = text.normalize('NFKC').trim().replace(/^#/, '');
  return /^[A-Za-z0-9._:-]{1,64}$/.test(token) ? token : undefined;
}
