import { z } from 'zod';
import demoFixture from './demoFixture.json' with { type: 'json' };
import type { Logger } from '../services/log/logger.ts';
import { seedAccounts } from '../services/accounts/reference/seedAccounts.ts';
import type { Clock, DocumentStore } from '../services/store/documentStore.ts';
import { StoreStaffDirectory } from '../services/staff/storeStaffDirectory.ts';
import { TenantSchema } from '../services/tenants/tenant.ts';
import { StoreTenants } from '../services/tenants/storeTenants.ts';
import type { Tenants } from '../services/tenants/tenants.ts';

const Fixture = z.object({
  tenants: z.array(TenantSchema).default([]),
  accounts: z.array(z.unknown()).default([]),
  staff: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), name: z.string().min(1), role: z.enum(['agent', 'supervisor']), password: z.string().min(8) }))
    .default([]),
});

export interface FixtureCounts {
  tenants: number;
  accounts: number;
  staff: number;
}

/**
 * Loads a seed fixture (DESIGN.md "Stable interfaces") into the store: tenants, accounts and staff,
 * each replacing what has the same id. Tenants go first so accounts are checked against them.
 */
export async function loadFixture(store: DocumentStore, raw: unknown, options: { clock: Clock; tenants: Tenants }): Promise<FixtureCounts> {
  const parsed = Fixture.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`seed fixture is invalid\n  ${problems.join('\n  ')}`);
  }
  const fixture = parsed.data;
  for (const tenant of fixture.tenants) await StoreTenants.save(store, tenant);
  const accounts = await seedAccounts(store, { accounts: fixture.accounts }, options);
  const staff = new StoreStaffDirectory(store);
  for (const member of fixture.staff) await staff.upsert({ id: member.id, name: member.name, role: member.role }, member.password);
  return { tenants: fixture.tenants.length, accounts: accounts.length, staff: fixture.staff.length };
}

/** True when nothing was ever seeded: no accounts and no staff. */
export async function isUnseeded(store: DocumentStore): Promise<boolean> {
  const [accounts, staff] = await Promise.all([
    (await store.collection('accounts')).count({}),
    (await store.collection('staff')).count({}),
  ]);
  return accounts === 0 && staff === 0;
}

/** Loads the shipped demo fixture (bot/demoFixture.json) when nothing was ever seeded, so a fresh start has accounts to try. */
export async function seedDemoIfEmpty(store: DocumentStore, options: { clock: Clock; tenants: Tenants; logger: Logger }): Promise<void> {
  if (!(await isUnseeded(store))) return;
  const counts = await loadFixture(store, demoFixture, options);
  options.logger.info('empty store: loaded the demo fixture', { ...counts });
}
