import { Types, type FilterQuery } from 'mongoose';
import { caller } from '../../core/context';
import { ScopedRepository } from '../../core/repository';
import { User, type UserDoc } from '../auth/user.model';
import { Level } from './level.model';
import { Partner, type PartnerDoc } from './partner.model';

const oid = (id: string) => new Types.ObjectId(id);

/** Admins see every partner; channel managers the ones assigned to them; partner staff their own company. */
export function visiblePartners(): FilterQuery<PartnerDoc> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  if (roles.includes('channel_manager')) return { channelManagerId: oid(userId) };
  return { _id: partnerId ? oid(partnerId) : null };
}

/** Members are visible where their partner is (precomputed per request: the engine has no joins in filters). */
export async function visibleMembers(): Promise<FilterQuery<UserDoc>> {
  const { roles, partnerId } = caller();
  if (roles.includes('admin')) return { partnerId: { $ne: null } };
  if (roles.includes('channel_manager')) {
    const ids = await Partner.distinct('_id', visiblePartners());
    return { partnerId: { $in: ids } };
  }
  return { partnerId: partnerId ? oid(partnerId) : null };
}

export const partners = new ScopedRepository(Partner, visiblePartners);
export const members = new ScopedRepository(User, visibleMembers);
export const levels = new ScopedRepository(Level, () => ({}));
