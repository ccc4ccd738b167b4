/** A member of the support center's staff. Roles decide which account actions they may take. */
export interface StaffMember {
  id: string;
  name: string;
  role: 'agent' | 'supervisor';
}

/** Who the staff are, and checking a staff login. Passwords are only ever stored hashed. */
export interface StaffDirectory {
  /** The member when the id and password match; undefined otherwise (same work either way). */
  verifyLogin(id: string, password: string): Promise<StaffMember | undefined>;
  find(id: string): Promise<StaffMember | undefined>;
  /** Creates or replaces a member (seed fixtures, administration). */
  upsert(member: StaffMember, password: string): Promise<void>;
}
