import { Types, type FilterQuery } from 'mongoose';
import { caller } from '../../core/context';
import { forbidden, illegalTransition } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { managedPartnerIds, salesVisibility } from '../partners/partners.policy';
import { Opportunity, type OpportunityDoc } from './opportunity.model';

const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && a.toHexString() === b);

/** As every sales record (salesVisibility); a member also sees the opportunities they co-follow. */
export const visibleOpportunities = () => salesVisibility((me) => ({ $or: [{ ownerId: me }, { collaboratorIds: me }] })) as Promise<FilterQuery<OpportunityDoc>>;

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
