import { Types, type FilterQuery } from 'mongoose';
import type { DuplicateHolder } from '../../../types/duplicates';
import { caller } from '../../core/context';
import { invalid, type FieldProblem } from '../../core/errors';
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

/** The pool fields naming who belongs to a lead or account pool. */
interface PoolMembers {
  members: { levelIds: Types.ObjectId[]; provinces: string[]; partnerIds: Types.ObjectId[]; staffIds: Types.ObjectId[] };
}

/** Pools a person belongs to: upstream staff named in it, or their partner by name, level or province (admins: all). */
export async function poolMembership(): Promise<FilterQuery<PoolMembers>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  if (!partnerId) return { 'members.staffIds': oid(userId) };
  const partner = await Partner.findOne({ _id: oid(partnerId), status: 'active' }, { levelId: 1, region: 1 }).lean();
  if (!partner) return { _id: null };
  return {
    $or: [{ 'members.partnerIds': partner._id }, { 'members.levelIds': partner.levelId }, { 'members.provinces': partner.region.province }],
  };
}

const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && a.toHexString() === b);

/** Where a record the caller's new one duplicates sits, as they may learn it: never whose it is. */
export function duplicateHolder(doc: { ownerId: Types.ObjectId | null; partnerId: Types.ObjectId | null; state: string }): DuplicateHolder {
  const { userId, partnerId } = caller();
  if (same(doc.ownerId, userId)) return 'self';
  if (doc.state === 'pooled') return 'pool';
  if (!doc.partnerId) return 'upstream';
  return same(doc.partnerId, partnerId) ? 'own_partner' : 'other_partner';
}

/** Every id a pool names must exist in the tenant: levels, partners, and upstream staff (not partner members). */
export async function checkPoolMembers(members: { levelIds: string[]; partnerIds: string[]; staffIds: string[] } | undefined): Promise<void> {
  if (!members) return;
  const missing = async (model: 'level' | 'partner' | 'staff', ids: string[]) => {
    if (!ids.length) return false;
    const filter = { _id: { $in: ids.map(oid) } };
    const found = model === 'level' ? await Level.countDocuments(filter) : model === 'partner' ? await Partner.countDocuments(filter) : await User.countDocuments({ ...filter, partnerId: null });
    return found !== new Set(ids).size;
  };
  const errors: FieldProblem[] = [];
  if (await missing('level', members.levelIds)) errors.push({ path: 'body.members.levelIds', code: 'invalid_reference', message: 'level_unknown' });
  if (await missing('partner', members.partnerIds)) errors.push({ path: 'body.members.partnerIds', code: 'invalid_reference', message: 'partner_unknown' });
  if (await missing('staff', members.staffIds)) errors.push({ path: 'body.members.staffIds', code: 'invalid_reference', message: 'staff_members' });
  if (errors.length) throw invalid(errors);
}


/** The partners a channel manager manages, as hex ids (empty for everyone else). */
export async function managedPartnerIds(): Promise<Set<string>> {
  if (!caller().roles.includes('channel_manager')) return new Set();
  return new Set((await Partner.distinct('_id', visiblePartners())).map(String));
}

/**
 * Who sees what a partner sells through (opportunities, quotes, orders; each with `partnerId` and `ownerId`): admins
 * everything; a channel manager their partners' and their own; a partner admin their company's; a member what
 * `memberSees` says (their own, at least). A partner never sees another partner's.
 */
export async function salesVisibility(memberSees: (me: Types.ObjectId) => FilterQuery<{ ownerId: Types.ObjectId }> = (me) => ({ ownerId: me })): Promise<FilterQuery<{ partnerId: Types.ObjectId | null; ownerId: Types.ObjectId }>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  const me = oid(userId);
  if (roles.includes('channel_manager')) return { $or: [{ partnerId: { $in: [...(await managedPartnerIds())].map(oid) } }, { ownerId: me }] };
  if (!partnerId) return { _id: null };
  if (roles.includes('partner_admin')) return { partnerId: oid(partnerId) };
  return memberSees(me);
}

/**
 * The part of a shared record's story (a lead's or an account's timeline) the caller reads: partner staff their own
 * company's events, so a record passed on never names who had it; a channel manager the events of the partners they
 * manage and the upstream's own; admins everything.
 */
export async function storyPart(): Promise<{ partnerId?: Types.ObjectId | { $in: (Types.ObjectId | null)[] } }> {
  const { partnerId, roles } = caller();
  if (partnerId) return { partnerId: oid(partnerId) };
  if (roles.includes('channel_manager') && !roles.includes('admin')) return { partnerId: { $in: [...[...(await managedPartnerIds())].map(oid), null] } };
  return {};
}
