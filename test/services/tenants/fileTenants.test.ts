import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FileTenants } from '../../../services/tenants/fileTenants.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';

describe('FileTenants', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tenants-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (content: unknown): Promise<string> => {
    const file = path.join(dir, 'tenants.json');
    await writeFile(file, JSON.stringify(content));
    return file;
  };

  const kyoto = { ...builtInDemoTenant, id: 'kyoto-u', features: { ...builtInDemoTenant.features, secondPassword: false, twoFactor: false } };

  describe('.load', () => {
    it('reads tenants and the default from a file', async () => {
      const tenants = await FileTenants.load(await write({ tenants: [builtInDemoTenant, kyoto], default: 'kyoto-u' }));
      expect((await tenants.defaultTenant()).id).to.equal('kyoto-u');
      expect((await tenants.find('example-u'))?.name.en).to.equal('Example University');
      expect(await tenants.find('nobody-u')).to.equal(undefined);
    });

    it('accepts a bare array and defaults to its first tenant, filling default key settings', async () => {
      const { authKey: _authKey, ...withoutKeySettings } = kyoto;
      const tenants = await FileTenants.load(await write([withoutKeySettings]));
      expect((await tenants.defaultTenant()).authKey).to.deep.equal({ lifetimeMinutes: 10, failureLimit: 5 });
    });

    it('refuses an invalid file, naming the tenant index and the field', async () => {
      const file = await write({ tenants: [{ ...kyoto, loginId: { ...kyoto.loginId, pattern: '([' } }] });
      const error = await FileTenants.load(file).then(() => undefined, (failure: Error) => failure);
      expect(error?.message).to.include('tenants.0.loginId.pattern');
    });

    it('refuses duplicate ids and an unknown default', async () => {
      const duplicate = await FileTenants.load(await write([kyoto, kyoto])).then(() => undefined, (failure: Error) => failure);
      expect(duplicate?.message).to.include('duplicate');
      const unknown = await FileTenants.load(await write([kyoto]), 'nobody-u').then(() => undefined, (failure: Error) => failure);
      expect(unknown?.message).to.include('nobody-u');
    });
  });

  describe('the built-in demo tenant', () => {
    it('is Example University with the 2026 call center and 24-hour chat', () => {
      expect(builtInDemoTenant).to.deep.include({ id: 'example-u', chatHours: null });
      expect(builtInDemoTenant.name).to.deep.equal({ ja: 'サンプル大学', en: 'Example University' });
      expect(builtInDemoTenant.callCenter[0]).to.deep.include({ number: '082-207-4262', japaneseOnly: true });
      expect(new RegExp(builtInDemoTenant.loginId.pattern).test('s1234567')).to.equal(true);
      expect(builtInDemoTenant.features).to.include({ secondPassword: true, twoFactor: true });
    });
  });
});
