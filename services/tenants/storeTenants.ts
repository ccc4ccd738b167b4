import type { Clock, DocumentStore } from '../store/documentStore.ts';
import { TenantSchema } from './tenant.ts';
import type { Tenant } from './tenant.ts';
import type { Tenants } from './tenants.ts';

interface TenantDoc {
  _id: string;
  settings: string;
}

/** How long a tenant read from the store is reused before it is read again. */
const CACHE_MS = 30_000;

/**
 * Tenants loaded into the store (`npm run seed`) layered over the configured ones (TENANTS_FILE or the
 * built-in demo): a seeded tenant with the same id wins. Settings are validated when read.
 */
export class StoreTenants implements Tenants {
  /** Only known tenants are cached, so made-up ids cannot grow it. */
  private readonly cache = new Map<string, { tenant: Tenant; until: number }>();

  constructor(
    private readonly store: DocumentStore,
    private readonly base: Tenants,
    private readonly clock: Clock,
  ) {}

  static async save(store: DocumentStore, tenant: Tenant): Promise<void> {
    const tenants = await store.collection<TenantDoc>('tenants');
    await tenants.updateOne({ _id: tenant.id }, { $set: { settings: JSON.stringify(tenant) } }, { upsert: true });
  }

  async find(id: string): Promise<Tenant | undefined> {
    const now = this.clock().getTime();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.tenant;
    const doc = await (await this.store.collection<TenantDoc>('tenants')).findOne({ _id: id });
    const tenant = doc ? TenantSchema.parse(JSON.parse(doc.settings)) : await this.base.find(id);
    if (tenant) this.cache.set(id, { tenant, until: now + CACHE_MS });
    return tenant;
  }

  async defaultTenant(): Promise<Tenant> {
    const fallback = await this.base.defaultTenant();
    return (await this.find(fallback.id)) ?? fallback;
  }
}
