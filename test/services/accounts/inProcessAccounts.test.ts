import { expect } from 'chai';
import type { AuditEntry, AuditLog } from '../../../services/audit/auditLog.ts';
import { InProcessAccounts } from '../../../services/accounts/inProcessAccounts.ts';
import { accountsContract, contractFixture } from './accounts.contract.ts';
import { people, rejectionOf, user } from './contract/fixture.ts';
import { PUBLIC_URL, openHarness } from './reference/harness.ts';
import type { ReferenceHarness } from './reference/harness.ts';

describe('InProcessAccounts', () => {
  accountsContract(async () => {
    const h = await openHarness();
    const accounts = await InProcessAccounts.create({ store: h.store, mail: h.mail, audit: h.audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL });
    return {
      accounts,
      seed: async (fixture) => {
        await h.seed(fixture);
      },
      clock: { advance: h.advance },
      mails: async () => h.mail.all(),
      audit: (filter) => h.audit.find(filter, 1000),
      close: () => h.close(),
    };
  });

  context('when the audit log cannot be written', () => {
    let h: ReferenceHarness;
    let failing = false;

    beforeEach(async () => {
      h = await openHarness();
      await h.seed(contractFixture);
      failing = false;
    });
    afterEach(() => h.close());

    const create = () => {
      const audit: AuditLog = {
        append: async (entry: AuditEntry) => {
          if (failing) throw new Error('audit store down');
          await h.audit.append(entry);
        },
        find: (filter, limit) => h.audit.find(filter, limit),
      };
      return InProcessAccounts.create({ store: h.store, mail: h.mail, audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL });
    };

    it('does not run the action: no mail, no key, no budget used', async () => {
      const accounts = await create();
      const verified = await accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...people.healthy }, user);
      if (!verified.verified) throw new Error('fixture student did not verify');
      const account = verified.account;
      failing = true;
      expect((await rejectionOf(accounts.reissueAuthKey(account, user))).message).to.equal('audit store down');
      expect((await rejectionOf(accounts.unlock(account, { kind: 'staff', staffId: 'a1', role: 'supervisor' }))).message).to.equal('audit store down');
      expect(h.mail.all()).to.deep.equal([]);
      failing = false;
      expect((await accounts.registrationStatus(account, user)).authKey).to.equal('none');
      for (let sent = 0; sent < 5; sent++) expect((await accounts.reissueAuthKey(account, user)).ok).to.equal(true);
    });

    it('does not answer a verification', async () => {
      const accounts = await create();
      failing = true;
      const claim = { kind: 'student', tenant: 'example-u', loginId: people.healthy.loginId, email: people.healthy.email } as const;
      expect((await rejectionOf(accounts.verifyIdentity(claim, user))).message).to.equal('audit store down');
    });
  });

  describe('#ping', () => {
    it('resolves while the store is open and rejects once it is closed', async () => {
      const h = await openHarness();
      const accounts = await InProcessAccounts.create({ store: h.store, mail: h.mail, audit: h.audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL });
      await accounts.ping();
      await h.close();
      expect((await rejectionOf(accounts.ping())).name).to.equal('DependencyError');
    });
  });
});
