import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { StoreStaffDirectory } from '../../../services/staff/storeStaffDirectory.ts';

describe('StoreStaffDirectory', () => {
  let dir: string;
  let store: FileDocumentStore;
  let staff: StoreStaffDirectory;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'staff-'));
    store = await FileDocumentStore.open(dir);
    staff = new StoreStaffDirectory(store);
    await staff.upsert({ id: 'agent01', name: 'Sato', role: 'agent' }, 'demo-Pass-1');
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('#verifyLogin', () => {
    it('returns the member for the right password', async () => {
      expect(await staff.verifyLogin('agent01', 'demo-Pass-1')).to.deep.equal({ id: 'agent01', name: 'Sato', role: 'agent' });
    });

    for (const [name, id, password] of [
      ['a wrong password', 'agent01', 'demo-pass-1'],
      ['an unknown id', 'agent99', 'demo-Pass-1'],
      ['an empty password', 'agent01', ''],
    ] as const) {
      it(`returns undefined for ${name}`, async () => {
        expect(await staff.verifyLogin(id, password)).to.equal(undefined);
      });
    }
  });

  describe('#upsert', () => {
    it('stores only a salted scrypt hash, never the password', async () => {
      const raw = await (await store.collection<{ _id: string; passwordHash: string }>('staff')).findOne({ _id: 'agent01' });
      expect(raw?.passwordHash).to.match(/^scrypt\$/);
      expect(JSON.stringify(raw)).not.to.include('demo-Pass-1');
    });

    it('replaces the same id (role and password)', async () => {
      await staff.upsert({ id: 'agent01', name: 'Sato', role: 'supervisor' }, 'new-Pass-2');
      expect((await staff.find('agent01'))?.role).to.equal('supervisor');
      expect(await staff.verifyLogin('agent01', 'demo-Pass-1')).to.equal(undefined);
      expect(await staff.verifyLogin('agent01', 'new-Pass-2')).to.not.equal(undefined);
    });
  });
});
