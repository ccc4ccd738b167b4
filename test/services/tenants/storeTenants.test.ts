import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { FileTenants } from '../../../services/tenants/fileTenants.ts';
import { StoreTenants } from '../../../services/tenants/storeTenants.ts';

describe('StoreTenants', () => {
  let dir: string;
  let store: FileDocumentStore;
  let now: Date;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tenants-store-'));
    store = await FileDocumentStore.open(dir);
    now = new Date('2026-11-22T03:00:00Z');
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const tenants = () => new StoreTenants(store, FileTenants.fromList([builtInDemoTenant]), () => now);

  it('falls back to the configured tenants', async () => {
    expect((await tenants().find('example-u'))?.name.en).to.equal('Example University');
    expect(await tenants().find('nobody-u')).to.equal(undefined);
  });

  it('serves a seeded tenant, which wins over a configured one with the same id', async () => {
    await StoreTenants.save(store, { ...builtInDemoTenant, id: 'kyoto-u' });
    await StoreTenants.save(store, { ...builtInDemoTenant, name: { ja: '改名大学', en: 'Renamed University' } });
    expect((await tenants().find('kyoto-u'))?.id).to.equal('kyoto-u');
    expect((await tenants().defaultTenant()).name.en).to.equal('Renamed University');
  });

  it('re-reads a cached tenant after 30 seconds', async () => {
    const layered = tenants();
    expect((await layered.find('example-u'))?.name.en).to.equal('Example University');
    await StoreTenants.save(store, { ...builtInDemoTenant, name: { ja: '改名大学', en: 'Renamed University' } });
    expect((await layered.find('example-u'))?.name.en).to.equal('Example University');
    now = new Date(now.getTime() + 30_001);
    expect((await layered.find('example-u'))?.name.en).to.equal('Renamed University');
  });
});
