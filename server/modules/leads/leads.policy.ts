import { Types, type FilterQuery } from 'mongoose';
import { HELD_STATES } from '../../../types/leads';
import { caller } from '../../core/context';
import { ScopedRepository } from '../../core/repository';
import { Partner } from '../partners';
import { poolMembership, visiblePartners } from '../partners/partners.policy';
import { Lead, type LeadDoc } from './lead.model';
import { LeadPool, type LeadPoolDoc } from './pool.model';

const oid = (id: string) => new Types.ObjectId(id);
const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && a.toHexString() === b);

/**
 * Admins see every lead; channel managers their partners' leads, their own, and what waits in pools (they hand it
 * out); a partner admin everything their company holds or was offered; a member what they own or co-follow and what
 * was offered to their company. A pooled lead shows to partner staff only through the pool's public view.
 */
export async function visibleLeads(): Promise<FilterQuery<LeadDoc>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  const me = oid(userId);
  if (roles.includes('channel_manager')) {
    const mine = await Partner.distinct('_id', visiblePartners());
    return { $or: [{ partnerId: { $in: mine } }, { ownerId: me }, { state: 'pooled' }] };
  }
  if (!partnerId) return { _id: null };
  if (roles.includes('partner_admin')) return { partnerId: oid(partnerId) };
  return { $or: [{ ownerId: me }, { collaboratorIds: me }, { partnerId: oid(partnerId), state: 'offered' }] };
}

export const leads = new ScopedRepository(Lead, visibleLeads);

export const memberPools = poolMembership as () => Promise<FilterQuery<LeadPoolDoc>>;
export const pools = new ScopedRepository(LeadPool, memberPools);

type Held = (typeof HELD_STATES)[number];
export const isHeld = (state: LeadDoc['state']): state is Held => (HELD_STATES as readonly string[]).includes(state);

/** What the caller may do with a lead they can see; the service checks the same answers before acting. */
export function permissionsOn(doc: LeadDoc, managedPartnerIds: ReadonlySet<string>) {
  const { roles, userId, partnerId } = caller();
  const admin = roles.includes('admin');
  const manager = roles.includes('channel_manager') && (doc.partnerId ? managedPartnerIds.has(doc.partnerId.toHexString()) : true);
  const partnerAdmin = roles.includes('partner_admin') && same(doc.partnerId, partnerId);
  const owner = same(doc.ownerId, userId);
  const collaborator = doc.collaboratorIds.some((c) => same(c, userId));
  const holder = owner || partnerAdmin || admin;
  const held = isHeld(doc.state);
  return {
    edit: holder && (held || doc.state === 'reporting'),
    followUp: held && (holder || collaborator),
    convert: held && holder,
    invalidate: held && holder,
    release: held && holder && Boolean(doc.poolId),
    accept: doc.state === 'offered' && same(doc.partnerId, partnerId),
    assign: (held || doc.state === 'pooled' || doc.state === 'offered') && (admin || manager || (partnerAdmin && doc.state !== 'pooled')),
    collaborate: held && (owner || partnerAdmin) && Boolean(doc.partnerId),
  };
}
export type LeadPermissions = ReturnType<typeof permissionsOn>;
