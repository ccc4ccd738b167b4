import { z } from 'zod';
import type { StaffMember } from './staffDirectory.ts';

/** One Microsoft Entra identity allowed to act as staff from Teams (issue 7 item 1). */
export interface AllowedIdentity {
  /** The Entra tenant (directory) id the identity belongs to. */
  tenantId: string;
  /** The user's Entra object id (Teams sends it as `from.aadObjectId`). */
  objectId: string;
  role: StaffMember['role'];
  /** The staff id written to the audit; default `aad:<objectId>`. */
  id: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const guid = z.string().trim().toLowerCase().regex(GUID, 'must be a GUID');
const role = z.enum(['agent', 'supervisor']);
const staffId = z.string().trim().regex(/^[A-Za-z0-9._:@-]{1,64}$/, 'must be 1–64 letters, digits or ._:@-');

const JsonEntry = z.strictObject({ tenantId: guid, objectId: guid, role, id: staffId.optional() });

/** A bad STAFF_ENTRA_ALLOWLIST; the message says which entry and why. */
export class AllowListError extends Error {
  override get name(): string {
    return 'AllowListError';
  }
}

/**
 * Parses STAFF_ENTRA_ALLOWLIST: either JSON (`[{"tenantId","objectId","role","id"?}]`) or the compact
 * form `tenantId:objectId=role[,…]`. Empty or unset means no Teams identity is staff.
 */
export function parseAllowList(value: string | undefined): AllowedIdentity[] {
  const text = value?.trim() ?? '';
  if (text === '') return [];
  const entries = text.startsWith('[') ? parseJson(text) : text.split(',').map((entry, index) => parseCompact(entry, index));
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.tenantId}:${entry.objectId}`;
    if (seen.has(key)) throw new AllowListError(`${key} is listed twice`);
    seen.add(key);
  }
  return entries;
}

function parseJson(text: string): AllowedIdentity[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AllowListError('is not valid JSON');
  }
  const parsed = z.array(JsonEntry).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AllowListError(`entry ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.map((entry) => ({ ...entry, id: entry.id ?? `aad:${entry.objectId}` }));
}

function parseCompact(entry: string, index: number): AllowedIdentity {
  const match = /^\s*([^:=\s]+):([^:=\s]+)=([a-z]+)\s*$/.exec(entry);
  if (!match) throw new AllowListError(`entry ${index + 1} must read tenantId:objectId=agent|supervisor`);
  const [, tenantId, objectId, roleName] = match;
  const parsed = z.object({ tenantId: guid, objectId: guid, role }).safeParse({ tenantId, objectId, role: roleName });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AllowListError(`entry ${index + 1} ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...parsed.data, id: `aad:${parsed.data.objectId}` };
}

/** Looks an identity up; both ids compare case-insensitively, as Entra GUIDs do. */
export class StaffAllowList {
  private readonly byKey: ReadonlyMap<string, AllowedIdentity>;

  constructor(entries: readonly AllowedIdentity[]) {
    this.byKey = new Map(entries.map((entry) => [`${entry.tenantId}:${entry.objectId}`, entry]));
  }

  get size(): number {
    return this.byKey.size;
  }

  find(tenantId: string | undefined, objectId: string | undefined): AllowedIdentity | undefined {
    if (typeof tenantId !== 'string' || typeof objectId !== 'string') return undefined;
    return this.byKey.get(`${tenantId.trim().toLowerCase()}:${objectId.trim().toLowerCase()}`);
  }
}
