import type { FilterQuery } from 'mongoose';
import type { Staff, StaffInput } from '../../../types/partners';
import type { UpstreamRole } from '../../../types/permissions';
import { ScopedRepository } from '../../core/repository';
import { accountFilter, createAccount, patchAccount, resetPassword, User, type UserDoc } from '../auth';

/** Upstream staff are the tenant's own accounts: those without a partner. */
const staff = new ScopedRepository(User, () => ({ partnerId: null }));

export function staffView(doc: UserDoc): Staff {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    username: doc.username,
    phone: doc.phone,
    role: doc.role as UpstreamRole,
    status: doc.status,
    mustChangePassword: doc.mustChangePassword,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export async function listStaff(query: { role?: string; q?: string; cursor?: string; limit: number }) {
  const filter: FilterQuery<UserDoc> = accountFilter(query.q);
  if (query.role) filter.role = query.role;
  const page = await staff.page(filter, query);
  return { items: page.items.map(staffView), nextCursor: page.nextCursor };
}

export async function getStaff(id: string): Promise<Staff> {
  return staffView(await staff.get(id));
}

export async function createStaff(input: StaffInput): Promise<Staff> {
  return staffView(await createAccount({ ...input, partnerId: null }));
}

export async function updateStaff(id: string, patch: Parameters<typeof patchAccount>[2]): Promise<Staff> {
  return staffView(await patchAccount(staff, id, patch));
}

export async function resetStaffPassword(id: string, initialPassword: string): Promise<Staff> {
  return staffView(await resetPassword(staff, id, initialPassword));
}
