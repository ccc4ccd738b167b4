import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StoreAuditLog } from '../../../../services/audit/storeAuditLog.ts';
import { openReference } from '../../../../services/accounts/reference/referenceParts.ts';
import type { ReferenceLimits, ReferenceParts } from '../../../../services/accounts/reference/referenceParts.ts';
import { seedAccounts } from '../../../../services/accounts/reference/seedAccounts.ts';
import { FileDocumentStore } from '../../../../services/store/fileDocumentStore.ts';
import type { Clock } from '../../../../services/store/documentStore.ts';
import { FileTenants } from '../../../../services/tenants/fileTenants.ts';
import { TenantSchema } from '../../../../services/tenants/tenant.ts';
import { MemoryMailQueue } from '../../../helpers/memoryMailQueue.ts';
import { contractTenants } from '../contract/fixture.ts';

export const PUBLIC_URL = 'http://localhost:3978';

/** A fresh embedded store, in-memory outbox, store audit log and the contract's tenants, on a movable clock. */
export interface ReferenceHarness {
  dir: string;
  store: FileDocumentStore;
  clock: Clock;
  advance(ms: number): void;
  mail: MemoryMailQueue;
  audit: StoreAuditLog;
  tenants: FileTenants;
  seed(fixture: unknown): Promise<string[]>;
  parts(limits?: Partial<ReferenceLimits>): Promise<ReferenceParts>;
  close(): Promise<void>;
}

export async function openHarness(): Promise<ReferenceHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'accounts-'));
  // The real time as the start: the embedded store's TTL index also removes documents by the wall clock.
  let now = Date.now();
  const clock: Clock = () => new Date(now);
  const store = await FileDocumentStore.open(dir, clock);
  const mail = new MemoryMailQueue(clock);
  const tenants = FileTenants.fromList(contractTenants.map((tenant) => TenantSchema.parse(tenant)));
  return {
    dir,
    store,
    clock,
    advance: (ms) => {
      now += ms;
    },
    mail,
    audit: await StoreAuditLog.open(store),
    tenants,
    seed: (fixture) => seedAccounts(store, fixture, { clock, tenants }),
    parts: (limits) => openReference({ store, mail, tenants, clock, publicUrl: PUBLIC_URL, ...(limits ? { limits } : {}) }),
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The token of the newest one-time URL mailed to an address. */
export function tokenIn(text: string | undefined): string {
  const token = /\?t=([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];
  if (!token) throw new Error('no one-time URL in the mail');
  return token;
}
