import type { AccountRef, ApplicationState, StudentStage } from '../accounts.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { Collection, DocumentStore, Update } from '../../store/documentStore.ts';
import type { Tenant } from '../../tenants/tenant.ts';

interface RecordBase {
  _id: string;
  tenant: string;
  /** `student:<tenant>:<loginId>` or `graduate:<tenant>:<email>`: the unique key identity checks look up. */
  lookupKey: string;
  locale: Locale;
  secondPasswordHash?: string;
  /** Consecutive failed authentications (second password, key) across keys; reset only by success or staff unlock. */
  accountFailures: number;
}

/** A current student (manual 003): the university signs them in; the service keeps mail and second password. */
export interface StudentRecord extends RecordBase {
  kind: 'student';
  loginId: string;
  /** The confirmed, registered address. */
  email?: string;
  /** An address awaiting its one-time URL: first registration (003 §2.1) or a change (§2.4 (a)). */
  pendingEmail?: string;
  twoFactor: boolean;
  /** For the demo portal only: the real service never sees university passwords. */
  universityPasswordHash?: string;
}

/** A graduate (manual 002): registered by an application for use the university approves. */
export interface GraduateRecord extends RecordBase {
  kind: 'graduate';
  email: string;
  /** `YYYY-MM-DD`, Western calendar (002 §2.1 applicant data). */
  birthDate: string;
  studentIds: string[];
  application: ApplicationState;
  passwordHash?: string;
  /** True until the first login replaces the initial password from the approval mail (002 §2.1 step 21). */
  initialPassword: boolean;
}

export type AccountRecord = StudentRecord | GraduateRecord;

export const studentKey = (tenant: string, loginId: string): string => `student:${tenant}:${loginId}`;
export const graduateKey = (tenant: string, email: string): string => `graduate:${tenant}:${email}`;

/**
 * 003 §2.1–2.2: not registered → email pending → email confirmed → (second password set, when the
 * tenant has one) → active.
 */
export function studentStage(record: StudentRecord, tenant: Pick<Tenant, 'features'>): StudentStage {
  if (!record.email) return record.pendingEmail ? 'email_pending' : 'not_registered';
  if (tenant.features.secondPassword && !record.secondPasswordHash) return 'email_confirmed';
  return 'active';
}

/** The address mail about the account goes to: the registered one, else the one awaiting confirmation. */
export const contactAddress = (record: AccountRecord): string | undefined =>
  record.kind === 'student' ? (record.email ?? record.pendingEmail) : record.email;

/** The 'accounts' collection: students and graduates of every tenant. */
export class AccountRecords {
  private constructor(private readonly accounts: Collection<AccountRecord>) {}

  static async open(store: DocumentStore): Promise<AccountRecords> {
    const accounts = await store.collection<AccountRecord>('accounts', {
      indexes: [{ fields: { lookupKey: 1 }, unique: true }, { fields: { tenant: 1, email: 1 } }],
    });
    return new AccountRecords(accounts);
  }

  /** The record an AccountRef names, only within its own tenant. */
  async get(ref: AccountRef): Promise<AccountRecord | undefined> {
    if (typeof ref.id !== 'string' || typeof ref.tenant !== 'string') return undefined;
    return (await this.accounts.findOne({ _id: ref.id, tenant: ref.tenant })) ?? undefined;
  }

  async byKey(lookupKey: string): Promise<AccountRecord | undefined> {
    return (await this.accounts.findOne({ lookupKey })) ?? undefined;
  }

  /** Students whose registered address is this one (staff lookup by email). */
  async byEmail(tenant: string, email: string): Promise<AccountRecord | undefined> {
    return (await this.accounts.findOne({ tenant, email })) ?? undefined;
  }

  async update(id: string, update: Update): Promise<boolean> {
    return (await this.accounts.updateOne({ _id: id }, update)).matched === 1;
  }

  /** Compare-and-set on a field's current value, so two racing changes cannot both apply. */
  async updateIf(id: string, expected: Record<string, unknown>, update: Update): Promise<boolean> {
    return (await this.accounts.updateOne({ _id: id, ...expected }, update)).matched === 1;
  }

  /** Replaces the whole record under its id (seeding). */
  async replace(record: AccountRecord): Promise<void> {
    const { _id, ...fields } = record;
    const unset = allFields.filter((field) => !(field in fields));
    await this.accounts.updateOne(
      { _id },
      { $set: fields, ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, 1 as const])) } : {}) },
      { upsert: true },
    );
  }
}

/** Optional fields a replaced record may have lost. */
const allFields = [
  'email',
  'pendingEmail',
  'secondPasswordHash',
  'universityPasswordHash',
  'passwordHash',
  'loginId',
  'birthDate',
  'studentIds',
  'application',
  'initialPassword',
  'twoFactor',
] as const;
