import type { Tenant } from './tenant.ts';

/** Where tenant settings come from. The channel names a tenant; an unknown id resolves to nothing. */
export interface Tenants {
  find(id: string): Promise<Tenant | undefined>;
  /** The tenant used when the channel names none. */
  defaultTenant(): Promise<Tenant>;
}
