import { Types, type FilterQuery } from 'mongoose';
import { caller } from '../../core/context';
import { forbidden, illegalTransition } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { managedPartnerIds } from '../partners/partners.policy';
import { Opportunity, type OpportunityDoc } from './opportunity.model';

const oid = (id: string) => new Types.ObjectId(id);
const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && a.toHexString() === b);

/**
 * Admins see every opportunity; a channel manager their partners' and their own; a partner admin their company's;
 * a member the ones they own or co-follow. A partner never sees another partner's opportunities.
 */
export async function visibleOpportunities(): Promise<FilterQuery<OpportunityDoc>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  const me = oid(userId);
  if (roles.includes('channel_manager')) return { $or: [{ partnerId: { $in: [...(await managedPartnerIds())].map(oid) } }, { ownerId: me }] };
  if (!partnerId) return { _id: null };
  if (roles.includes('partner_admin')) return { partnerId: oid(partnerId) };
  return { $or: [{ ownerId: me }, { collaboratorIds: me }] };
}

export const opportunities = new ScopedRepository(Opportunity, visibleOpportunities);

/** What the caller may do with an opportunity they can see; the service checks the same answers before acting. */
export function permissionsOn(doc: OpportunityDoc, managed: ReadonlySet<string>) {
  const { roles, userId, partnerId } = caller();
  const admin = roles.includes('admin');
  const manager = roles.includes('channel_manager') && (doc.partnerId ? managed.has(doc.partnerId.toHexString()) : same(doc.ownerId, userId));
  const owner = same(doc.ownerId, userId);
  const partnerAdmin = roles.includes('partner_admin') && same(doc.partnerId, partnerId);
  const collaborator = doc.collaboratorIds.some((c) => same(c, userId));
  const holder = owner || partnerAdmin || admin;
  const open = doc.state === 'open';
  return {
    edit: (holder || manager) && (open || doc.state === 'filing'),
    advance: open && (holder || collaborator),
    close: open && holder,
    followUp: (open || doc.state === 'filing') && (holder || collaborator || manager),
    collaborate: open && (owner || partnerAdmin) && Boolean(doc.partnerId),
    extend: open && Boolean(doc.partnerId) && (admin || manager),
  };
}
export type OpportunityPermissions = ReturnType<typeof permissionsOn>;

/** The opportunity if the caller may see it and may do `action` with it: 404 when unseen, 409 in a wrong state, else 403. */
export async function opportunityFor(id: string, action: keyof OpportunityPermissions, allowedStates: readonly OpportunityDoc['state'][]): Promise<OpportunityDoc> {
  const doc = await opportunities.get(id);
  if (permissionsOn(doc, await managedPartnerIds())[action]) return doc;
  if (!allowedStates.includes(doc.state)) throw illegalTransition(doc.state, action);
  throw forbidden();
}
