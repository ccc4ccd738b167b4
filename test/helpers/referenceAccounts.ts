import { InProcessAccounts } from '../../services/accounts/inProcessAccounts.ts';
import type { MailRecord } from '../../services/mail/mailQueue.ts';
import { contractFixture } from '../services/accounts/contract/fixture.ts';
import { PUBLIC_URL, openHarness } from '../services/accounts/reference/harness.ts';
import type { ReferenceHarness } from '../services/accounts/reference/harness.ts';

/** The real reference account service over a temporary embedded store, seeded with the contract's people. */
export interface ReferenceAccounts {
  accounts: InProcessAccounts;
  harness: ReferenceHarness;
  /** Every mail the service queued, oldest first. */
  mails(): MailRecord[];
  close(): Promise<void>;
}

export async function openReferenceAccounts(): Promise<ReferenceAccounts> {
  const harness = await openHarness();
  await harness.seed(contractFixture);
  const { store, mail, audit, tenants, clock } = harness;
  const accounts = await InProcessAccounts.create({ store, mail, audit, tenants, clock, publicUrl: PUBLIC_URL });
  return { accounts, harness, mails: () => mail.all(), close: () => harness.close() };
}
