import { Types, type FilterQuery } from 'mongoose';
import type { Role } from '../../../types/permissions';
import { caller } from '../../core/context';
import { AppError, illegalTransition } from '../../core/errors';
import { containsText, type ScopedRepository } from '../../core/repository';
import { audit } from '../audit';
import { revokeSessions } from './auth.service';
import { hashPassword } from './password';
import { User, loginsOf, type UserDoc } from './user.model';

/**
 * What partner members and upstream staff have in common as accounts: creation with an initial password,
 * disabling, role changes and password resets, each ending the sessions that no longer hold.
 */
export interface NewAccount {
  name: string;
  username?: string;
  phone?: string;
  initialPassword: string;
  role: Role;
  partnerId: Types.ObjectId | null;
  leadCapacity?: number;
  accountCapacity?: number;
}

export async function createAccount(input: NewAccount): Promise<UserDoc> {
  try {
    const user = await User.create({
      name: input.name,
      username: input.username ?? null,
      phone: input.phone ?? null,
      logins: loginsOf(input),
      role: input.role,
      partnerId: input.partnerId,
      passwordHash: await hashPassword(input.initialPassword),
      mustChangePassword: true,
      leadCapacity: input.leadCapacity ?? null,
      accountCapacity: input.accountCapacity ?? null,
    });
    return user.toObject();
  } catch (error) {
    if ((error as { code?: number }).code === 11000) {
      throw new AppError(409, 'resource.duplicate', 'That username or mobile number is already in use in this tenant', {
        errors: [{ path: input.username ? 'body.username' : 'body.phone', code: 'duplicate', message: 'username_taken' }],
      });
    }
    throw error;
  }
}

export interface AccountPatch {
  name?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  leadCapacity?: number | null;
  accountCapacity?: number | null;
}

const ACCOUNT_AUDITED = ['name', 'role', 'status', 'leadCapacity', 'accountCapacity'] as const;
const kindOf = (user: UserDoc) => (user.partnerId ? 'member' : 'staff');

/** Applies a patch to a visible account; a role change or disabling ends its sessions so the change bites at once. */
export async function patchAccount(repo: ScopedRepository<UserDoc>, id: string, patch: AccountPatch): Promise<UserDoc> {
  const before = await repo.get(id);
  const self = caller().userId === id;
  if (self && ((patch.role && patch.role !== before.role) || patch.status === 'disabled')) {
    throw illegalTransition('signed in as this account', 'demote or disable yourself');
  }
  const update: Record<string, unknown> = { ...patch };
  if (patch.status === 'active') Object.assign(update, { failedLogins: 0, lockedUntil: null });
  const after = await repo.updateVisible(id, { $set: update });
  if (after.status === 'disabled' && before.status !== 'disabled') await revokeSessions({ userId: after._id }, 'user_disabled');
  else if (after.role !== before.role) await revokeSessions({ userId: after._id }, 'role_changed');
  await audit(`${kindOf(after)}.update`, { type: kindOf(after), id: after._id }, before, after, ACCOUNT_AUDITED);
  return after;
}

/** Sets a new initial password: the account must change it at next login, and its sessions end. */
export async function resetPassword(repo: ScopedRepository<UserDoc>, id: string, initialPassword: string): Promise<UserDoc> {
  const user = await repo.updateVisible(id, {
    $set: { passwordHash: await hashPassword(initialPassword), mustChangePassword: true, failedLogins: 0, lockedUntil: null },
  });
  await revokeSessions({ userId: user._id }, 'password_changed');
  await audit(`${kindOf(user)}.password_reset`, { type: kindOf(user), id: user._id }, {}, { passwordReset: true }, ['passwordReset']);
  return user;
}

export function accountFilter(q: string | undefined): FilterQuery<UserDoc> {
  if (!q) return {};
  const pattern = containsText(q);
  return { $or: [{ name: pattern }, { username: pattern }, { phone: pattern }] };
}
