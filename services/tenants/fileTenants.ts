import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TenantSchema } from './tenant.ts';
import type { Tenant } from './tenant.ts';
import type { Tenants } from './tenants.ts';

const TenantsFile = z.object({ tenants: z.array(TenantSchema).min(1), default: z.string().optional() });

/**
 * Tenants from a JSON file (`TENANTS_FILE`): `{ "tenants": [...], "default": "id" }`, or a bare array.
 * Read and validated once at start; a bad file stops start-up naming the tenant and field.
 */
export class FileTenants implements Tenants {
  private constructor(
    private readonly byId: ReadonlyMap<string, Tenant>,
    private readonly fallback: Tenant,
  ) {}

  static fromList(tenants: readonly Tenant[], defaultId?: string): FileTenants {
    const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
    if (byId.size !== tenants.length) throw new Error('tenants: duplicate tenant id');
    const fallback = byId.get(defaultId ?? tenants[0]!.id);
    if (!fallback) throw new Error(`tenants: default tenant "${defaultId}" is not defined`);
    return new FileTenants(byId, fallback);
  }

  static async load(file: string, defaultId?: string): Promise<FileTenants> {
    const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
    const parsed = TenantsFile.safeParse(Array.isArray(raw) ? { tenants: raw } : raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new Error(`TENANTS_FILE ${file} is invalid\n  ${problems.join('\n  ')}`);
    }
    return FileTenants.fromList(parsed.data.tenants, defaultId ?? parsed.data.default);
  }

  async find(id: string): Promise<Tenant | undefined> {
    return this.byId.get(id);
  }

  async defaultTenant(): Promise<Tenant> {
    return this.fallback;
  }
}
