import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { LeadPool as LeadPoolView, PooledLead, PublicLeadField } from '../../../types/leads';
import { leadPoolInput, leadPoolPatch } from '../../../types/leads';
import { conflict } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { checkPoolMembers } from '../partners/partners.policy';
import { Lead, type LeadDoc } from './lead.model';
import { pools } from './leads.policy';
import { LeadPool, type LeadPoolDoc } from './pool.model';

const hex = (id: Types.ObjectId) => id.toHexString();
const allPools = new ScopedRepository(LeadPool, () => ({}));
/** Pooled leads, read once the pool itself was found visible to the caller. */
const poolLeads = new ScopedRepository(Lead, () => ({}));

function poolView(doc: LeadPoolDoc): LeadPoolView {
  const { members, claim, recycle } = doc;
  return {
    id: hex(doc._id),
    name: doc.name,
    description: doc.description,
    members: { levelIds: members.levelIds.map(hex), provinces: members.provinces, partnerIds: members.partnerIds.map(hex), staffIds: members.staffIds.map(hex) },
    publicFields: doc.publicFields,
    distribution: doc.distribution,
    acceptHours: doc.acceptHours,
    claim: { enabled: claim.enabled, dailyLimit: claim.dailyLimit, perPerson: claim.perPerson, perPartner: claim.perPartner, cooldownDays: claim.cooldownDays },
    recycle: { noFollowUpDays: recycle.noFollowUpDays, notConvertedDays: recycle.notConvertedDays, remindDaysBefore: recycle.remindDaysBefore },
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** Admins see every pool; everyone else the pools they belong to. */
export async function listPools(): Promise<LeadPoolView[]> {
  const docs = await LeadPool.find(await pools.scope()).sort({ name: 1 }).lean<LeadPoolDoc[]>();
  return docs.map(poolView);
}

export async function getPool(id: string): Promise<LeadPoolView> {
  return poolView(await pools.get(id));
}

export async function createPool(input: ReturnType<typeof leadPoolInput.parse>): Promise<LeadPoolView> {
  await checkPoolMembers(input.members);
  const created = await LeadPool.create(input);
  return poolView(created.toObject());
}

export async function updatePool(id: string, patch: ReturnType<typeof leadPoolPatch.parse>): Promise<LeadPoolView> {
  await checkPoolMembers(patch.members);
  return poolView(await allPools.updateVisible(id, { $set: patch }));
}

export async function deletePool(id: string): Promise<void> {
  const pool = await allPools.get(id);
  if (await Lead.exists({ poolId: pool._id, state: { $in: ['pooled', 'offered', 'new', 'following'] } })) throw conflict('resource.in_use');
  await LeadPool.deleteOne({ _id: pool._id });
}

/** What waits in a pool, as its members see it before claiming: only the pool's public fields. */
export async function pooledLeads(id: string, query: { province?: string; cursor?: string; limit: number }): Promise<Page<PooledLead>> {
  const pool = await pools.get(id);
  const filter: FilterQuery<LeadDoc> = { poolId: pool._id, state: 'pooled', ...(query.province ? { 'region.province': query.province } : {}) };
  const page = await poolLeads.page(filter, query);
  const shown = (field: PublicLeadField) => pool.publicFields.includes(field);
  return {
    items: page.items.map((doc) => ({
      id: hex(doc._id),
      company: shown('company') ? doc.company : null,
      contactName: shown('contactName') ? doc.contactName : null,
      phone: shown('phone') ? doc.phone : null,
      region: shown('region') ? { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(doc.region.district ? { district: doc.region.district } : {}) } : null,
      source: shown('source') ? doc.source : null,
      notes: shown('notes') ? doc.notes : null,
      createdAt: doc.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
