import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createAccountServiceServer } from '../../../bot/accountService.ts';
import { HttpAccounts } from '../../../services/accounts/httpAccounts.ts';
import { InProcessAccounts } from '../../../services/accounts/inProcessAccounts.ts';
import { silentLogger } from '../../../services/log/logger.ts';
import { accountsContract } from './accounts.contract.ts';
import { PUBLIC_URL, openHarness } from './reference/harness.ts';

/** The same contract as InProcessAccounts, through HttpAccounts → the real account-service server → InProcessAccounts. */
describe('HttpAccounts against the account service over HTTP', () => {
  accountsContract(async () => {
    const h = await openHarness();
    const inner = await InProcessAccounts.create({ store: h.store, mail: h.mail, audit: h.audit, tenants: h.tenants, clock: h.clock, publicUrl: PUBLIC_URL });
    const token = 'contract-token-0123456789';
    const server = createAccountServiceServer(inner, { token, logger: silentLogger });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const accounts = new HttpAccounts({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token });
    return {
      accounts,
      seed: async (fixture) => {
        await h.seed(fixture);
      },
      clock: { advance: h.advance },
      mails: async () => h.mail.all(),
      audit: (filter) => h.audit.find(filter, 1000),
      close: async () => {
        accounts.close();
        const closed = once(server.server, 'close');
        server.close();
        server.server.closeAllConnections();
        await closed;
        await h.close();
      },
    };
  });
});
