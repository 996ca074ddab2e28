import { Types } from 'mongoose';
import type { FollowUpInput, LeadEventType } from '../../../types/leads';
import { PAGES } from '../../../types/pages';
import { currentContext } from '../../core/context';
import { audit } from '../audit/audit.service';
import { closeTodos } from '../todos';
import { LeadEvent, type LeadDoc } from './lead.model';

export const leadLink = (id: Types.ObjectId) => ({ page: PAGES.lead, params: { id: id.toHexString() } });

/**
 * Adds to a lead's timeline. `partnerId` is the partner the event belongs to: partner staff see only their own
 * company's events, so a lead passed on from another partner never tells them who worked it before.
 */
export async function recordEvent(
  lead: Pick<LeadDoc, '_id' | 'partnerId'>,
  type: LeadEventType,
  fields: { text?: string; kind?: FollowUpInput['kind']; nextFollowUpAt?: Date | null; position?: FollowUpInput['position']; partnerId?: Types.ObjectId | null } = {},
): Promise<void> {
  const userId = currentContext()?.userId;
  await LeadEvent.create({
    leadId: lead._id,
    partnerId: fields.partnerId !== undefined ? fields.partnerId : lead.partnerId,
    type,
    kind: fields.kind ?? null,
    text: fields.text ?? '',
    nextFollowUpAt: fields.nextFollowUpAt ?? null,
    position: fields.position ?? null,
    // Jobs act as the system, not as a person.
    actorId: userId ? new Types.ObjectId(userId) : null,
    at: new Date(),
  });
}

const OWNERSHIP_FIELDS = ['state', 'ownerId', 'partnerId', 'collaboratorIds'] as const;

/** Ownership changes are audited (design rule 7). */
export const auditLead = (action: string, before: LeadDoc, after: LeadDoc) => audit(`lead.${action}`, { type: 'lead', id: before._id }, before, after, OWNERSHIP_FIELDS);

export const followUpKey = (leadId: Types.ObjectId, due: Date) => `lead-follow-up:${leadId.toHexString()}:${due.toISOString()}`;
export const offerKey = (lead: Pick<LeadDoc, '_id' | 'partnerId' | 'offeredUntil'>) =>
  `lead-offer:${lead._id.toHexString()}:${lead.partnerId?.toHexString()}:${lead.offeredUntil?.toISOString()}`;

export const recycleSoonKey = (lead: Pick<LeadDoc, '_id' | 'recycleAt'>) => `lead-recycle-soon:${lead._id.toHexString()}:${lead.recycleAt?.toISOString()}`;

/** Closes the to-dos a lead's holder was given for its current hold (the planned follow-up, the recycling warning). */
export async function closeHolderTodos(lead: Pick<LeadDoc, '_id' | 'nextFollowUpAt' | 'recycleAt'>, state: 'done' | 'cancelled' = 'cancelled'): Promise<void> {
  if (lead.nextFollowUpAt) await closeTodos(followUpKey(lead._id, lead.nextFollowUpAt), state);
  if (lead.recycleAt) await closeTodos(recycleSoonKey(lead), state);
}
