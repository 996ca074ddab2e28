import { Types, type FilterQuery } from 'mongoose';
import { caller } from '../../core/context';
import { forbidden, illegalTransition } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { Partner } from '../partners';
import { managedPartnerIds, poolMembership, visiblePartners } from '../partners/partners.policy';
import { Account, AccountPool, type AccountDoc, type AccountPoolDoc } from './account.model';

const oid = (id: string) => new Types.ObjectId(id);
const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && a.toHexString() === b);

/**
 * Admins see every account; channel managers their partners' accounts, their own, and what waits in pools; a partner
 * admin everything their company holds; a member what they own or are on the team of. A pooled account shows to
 * partner staff only through the pool's public view.
 */
export async function visibleAccounts(): Promise<FilterQuery<AccountDoc>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  const me = oid(userId);
  if (roles.includes('channel_manager')) {
    const mine = await Partner.distinct('_id', visiblePartners());
    return { $or: [{ partnerId: { $in: mine } }, { ownerId: me }, { state: 'pooled' }] };
  }
  if (!partnerId) return { _id: null };
  if (roles.includes('partner_admin')) return { partnerId: oid(partnerId), state: { $ne: 'pooled' } };
  return { $or: [{ ownerId: me }, { teamIds: me }], state: { $ne: 'pooled' } };
}

export const accounts = new ScopedRepository(Account, visibleAccounts);
export { managedPartnerIds };
export const accountPools = new ScopedRepository(AccountPool, poolMembership as () => Promise<FilterQuery<AccountPoolDoc>>);

/** What the caller may do with an account they can see; the service checks the same answers before acting. */
export function permissionsOn(doc: AccountDoc, managedPartners: ReadonlySet<string>) {
  const { roles, userId, partnerId } = caller();
  const admin = roles.includes('admin');
  const manager = roles.includes('channel_manager') && (doc.partnerId ? managedPartners.has(doc.partnerId.toHexString()) : true);
  const upstream = admin || manager;
  const partnerAdmin = roles.includes('partner_admin') && same(doc.partnerId, partnerId);
  const owner = same(doc.ownerId, userId);
  const onTeam = doc.teamIds.some((member) => same(member, userId));
  const holder = owner || partnerAdmin || admin;
  const active = doc.state === 'active';
  return {
    edit: (holder || manager) && (active || doc.state === 'reporting'),
    followUp: active && (holder || onTeam || manager),
    claim: doc.state === 'pooled',
    return: active && (holder || manager),
    move: doc.state === 'pooled' && upstream,
    assign: (active || doc.state === 'pooled') && (upstream || (partnerAdmin && active)),
    team: active && (owner || partnerAdmin) && Boolean(doc.partnerId),
    contacts: (active || doc.state === 'reporting') && (holder || onTeam || manager),
    recordDeal: active && upstream,
  };
}
export type AccountPermissions = ReturnType<typeof permissionsOn>;

/** The account if the caller may see it and may do `action` with it: 404 when unseen, 409 in a wrong state, else 403. */
export async function accountFor(id: string, action: keyof AccountPermissions, allowedStates: readonly AccountDoc['state'][]): Promise<AccountDoc> {
  const doc = await accounts.get(id);
  if (permissionsOn(doc, await managedPartnerIds())[action]) return doc;
  if (!allowedStates.includes(doc.state)) throw illegalTransition(doc.state, action);
  throw forbidden();
}
