import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { AuditEntry } from '../../../services/audit/auditLog.ts';
import { StoreAuditLog } from '../../../services/audit/storeAuditLog.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 22, 3, minute));
const staff = { kind: 'staff', staffId: 'agent01', role: 'agent' } as const;
const user = { kind: 'user', conversationId: 'conv-1' } as const;

const entry = (minute: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  at: at(minute),
  actor: user,
  action: 'accounts.verifyIdentity',
  tenant: 'example-u',
  account: 'acc_1',
  result: 'ok',
  ...extra,
});

describe('StoreAuditLog', () => {
  let dir: string;
  let store: FileDocumentStore;
  let audit: StoreAuditLog;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'audit-'));
    store = await FileDocumentStore.open(dir);
    audit = await StoreAuditLog.open(store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('#append', () => {
    it('stores the entry as given and returns it from find', async () => {
      const written = entry(1, { actor: staff, action: 'accounts.unlock', reason: 'called the center', detail: 'mail:x' });
      await audit.append(written);
      expect(await audit.find({ account: 'acc_1' })).to.deep.equal([written]);
    });

    it('only ever inserts: the same entry appended twice is two entries', async () => {
      await audit.append(entry(1));
      await audit.append(entry(1));
      expect(await audit.find({})).to.have.length(2);
    });
  });

  describe('#find', () => {
    beforeEach(async () => {
      await audit.append(entry(1));
      await audit.append(entry(2, { actor: staff, account: 'acc_2' }));
      await audit.append(entry(3, { actor: staff, tenant: 'other-u', account: 'acc_3' }));
      await audit.append(entry(3, { action: 'accounts.registrationStatus' }));
    });

    it('filters by account, by staff id and by tenant, newest first', async () => {
      expect((await audit.find({ account: 'acc_1' })).map((each) => each.action)).to.deep.equal(['accounts.registrationStatus', 'accounts.verifyIdentity']);
      expect((await audit.find({ staffId: 'agent01' })).map((each) => each.account)).to.deep.equal(['acc_3', 'acc_2']);
      expect((await audit.find({ tenant: 'example-u' })).map((each) => each.at.getTime())).to.deep.equal([at(3), at(2), at(1)].map((d) => d.getTime()));
      expect(await audit.find({ staffId: 'agent01', tenant: 'other-u' })).to.have.length(1);
    });

    it('honours the limit', async () => {
      expect(await audit.find({}, 2)).to.have.length(2);
    });

    it('refuses a filter value that is not a string (no operators reach the store)', async () => {
      const error = await audit.find({ account: { $ne: '' } as unknown as string }).then(
        () => undefined,
        (rejected: unknown) => rejected as Error,
      );
      expect(error).to.be.instanceOf(TypeError);
    });
  });

  it('has no way to change or remove an entry', () => {
    const methods = Object.getOwnPropertyNames(StoreAuditLog.prototype).filter((name) => name !== 'constructor');
    expect(methods.sort()).to.deep.equal(['append', 'find']);
  });
});
