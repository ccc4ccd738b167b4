import type { AccountsHarness } from './contract/fixture.ts';
import { contractFixture } from './contract/fixture.ts';
import { mailActionCases } from './contract/mailActions.ts';
import { staffActionCases } from './contract/staffActions.ts';
import { statusCases } from './contract/status.ts';
import { verificationCases } from './contract/verification.ts';

export type { AccountsHarness } from './contract/fixture.ts';
export { contractFixture, contractTenants } from './contract/fixture.ts';

/**
 * The Accounts contract (issue 3, item 2), run against every adapter: in-process now, the HTTP client
 * later. Every case goes through the port only; `make` gives a fresh service whose clock starts at the
 * real time, and the suite seeds `contractFixture` (tenants as in `contractTenants`) before each case.
 */
export function accountsContract(make: () => Promise<AccountsHarness>): void {
  describe('Accounts contract', () => {
    let harness: AccountsHarness;

    beforeEach(async () => {
      harness = await make();
      await harness.seed(contractFixture);
    });

    afterEach(async () => {
      await harness.close?.();
    });

    verificationCases(() => harness);
    statusCases(() => harness);
    mailActionCases(() => harness);
    staffActionCases(() => harness);
  });
}
