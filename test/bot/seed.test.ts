import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FileDocumentStore } from '../../services/store/fileDocumentStore.ts';
import { builtInDemoTenant } from '../../services/tenants/builtInDemoTenant.ts';
import { StoreStaffDirectory } from '../../services/staff/storeStaffDirectory.ts';

const seed = (dataDir: string, file: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bot/seed.ts', file], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 30_000 });

describe('npm run seed -- FILE.json', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fixture = {
    tenants: [{ ...builtInDemoTenant, id: 'kyoto-u', name: { ja: '京都の大学', en: 'Kyoto U' } }],
    accounts: [
      { tenant: 'kyoto-u', kind: 'student', loginId: 'a0123456', email: 'a@example.com', emailConfirmed: true },
      { tenant: 'kyoto-u', kind: 'graduate', email: 'g@example.com', birthDate: '1999-09-09', application: 'approved' },
    ],
    staff: [{ id: 'agent09', name: 'Ito', role: 'agent', password: 'demo-pass-09' }],
  };

  it('loads tenants, accounts and staff, and a second run replaces the same ids', async () => {
    const file = path.join(dir, 'fixture.json');
    await writeFile(file, JSON.stringify(fixture));
    const dataDir = path.join(dir, 'data');
    for (let run = 0; run < 2; run++) {
      const result = seed(dataDir, file);
      expect(result.status, result.stderr).to.equal(0);
      expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).to.deep.include({ tenants: 1, accounts: 2, staff: 1 });
    }
    const store = await FileDocumentStore.open(dataDir);
    try {
      expect(await (await store.collection('accounts')).count({})).to.equal(2);
      expect(await (await store.collection('tenants')).count({})).to.equal(1);
      expect(await new StoreStaffDirectory(store).verifyLogin('agent09', 'demo-pass-09')).to.deep.include({ role: 'agent' });
    } finally {
      await store.close();
    }
  });

  it('refuses an invalid fixture, naming the field, and writes nothing', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ staff: [{ id: 'x', name: 'X', role: 'boss', password: 'long-enough' }] }));
    const result = seed(path.join(dir, 'data'), file);
    expect(result.status).to.not.equal(0);
    expect(result.stderr).to.include('staff.0.role');
  });

  it('prints usage without a file', () => {
    const result = seed(path.join(dir, 'data'), '');
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include('usage');
  });
});
