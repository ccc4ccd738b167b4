import type { DocumentStore } from '../store/documentStore.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwordHash.ts';
import type { StaffDirectory, StaffMember } from './staffDirectory.ts';

interface StaffDoc extends StaffMember {
  _id: string;
  passwordHash: string;
}

/** Staff kept in the store's 'staff' collection, passwords hashed with scrypt. */
export class StoreStaffDirectory implements StaffDirectory {
  constructor(private readonly store: DocumentStore) {}

  async verifyLogin(id: string, password: string): Promise<StaffMember | undefined> {
    const doc = typeof id === 'string' && id.length <= 64 ? await (await this.staff()).findOne({ _id: id }) : null;
    const matches = await verifyPassword(password, doc?.passwordHash ?? dummyHash);
    return doc && matches ? toMember(doc) : undefined;
  }

  async find(id: string): Promise<StaffMember | undefined> {
    const doc = await (await this.staff()).findOne({ _id: id });
    return doc ? toMember(doc) : undefined;
  }

  async upsert(member: StaffMember, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await (await this.staff()).updateOne(
      { _id: member.id },
      { $set: { id: member.id, name: member.name, role: member.role, passwordHash } },
      { upsert: true },
    );
  }

  private async staff() {
    return await this.store.collection<StaffDoc>('staff');
  }
}

const toMember = (doc: StaffDoc): StaffMember => ({ id: doc.id, name: doc.name, role: doc.role });
