import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { LeadPool as LeadPoolView, PooledLead, PublicLeadField } from '../../../types/leads';
import { leadPoolInput, leadPoolPatch } from '../../../types/leads';
import { conflict, invalid } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { User } from '../auth';
import { Level, Partner } from '../partners';
import { Lead, type LeadDoc } from './lead.model';
import { pools } from './leads.policy';
import { LeadPool, type LeadPoolDoc } from './pool.model';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
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

/** Every id a pool names must exist in the tenant: levels, partners, and upstream staff (not partner members). */
async function checkMembers(members: LeadPoolView['members'] | undefined): Promise<void> {
  if (!members) return;
  const missing = async (model: 'level' | 'partner' | 'staff', ids: string[]) => {
    if (!ids.length) return false;
    const filter = { _id: { $in: ids.map(oid) } };
    const found = model === 'level' ? await Level.countDocuments(filter) : model === 'partner' ? await Partner.countDocuments(filter) : await User.countDocuments({ ...filter, partnerId: null });
    return found !== new Set(ids).size;
  };
  const errors = [];
  if (await missing('level', members.levelIds)) errors.push({ path: 'body.members.levelIds', code: 'invalid_reference', message: 'A level does not exist' });
  if (await missing('partner', members.partnerIds)) errors.push({ path: 'body.members.partnerIds', code: 'invalid_reference', message: 'A partner does not exist' });
  if (await missing('staff', members.staffIds)) errors.push({ path: 'body.members.staffIds', code: 'invalid_reference', message: 'Members named one by one must be upstream staff' });
  if (errors.length) throw invalid(errors);
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
  await checkMembers(input.members);
  const created = await LeadPool.create(input);
  return poolView(created.toObject());
}

export async function updatePool(id: string, patch: ReturnType<typeof leadPoolPatch.parse>): Promise<LeadPoolView> {
  await checkMembers(patch.members);
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
