import { Types, type FilterQuery } from 'mongoose';
import type { AccountPool as AccountPoolView, PooledAccount } from '../../../types/accounts';
import { accountPoolInput, accountPoolPatch } from '../../../types/accounts';
import type { Page } from '../../../types/common';
import { rolesAllow } from '../../../types/permissions';
import { caller } from '../../core/context';
import { conflict, invalid } from '../../core/errors';
import { containsText, ScopedRepository } from '../../core/repository';
import { checkPoolMembers } from '../partners/partners.policy';
import { Account, AccountPool, type AccountDoc, type AccountPoolDoc } from './account.model';
import { accountPools } from './accounts.policy';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const allPools = new ScopedRepository(AccountPool, () => ({}));
/** Pooled accounts, read once the pool itself was found visible to the caller. */
const poolAccounts = new ScopedRepository(Account, () => ({}));

/** Who else belongs to a pool is for its configurers: members see the pool's rules, not the other partners in it. */
function poolView(doc: AccountPoolDoc, pooledCount: number): AccountPoolView {
  const { members, claim, recycle } = doc;
  const full = rolesAllow(caller().roles, 'accountPools.configure');
  return {
    id: hex(doc._id),
    name: doc.name,
    description: doc.description,
    members: full
      ? { levelIds: members.levelIds.map(hex), provinces: members.provinces, partnerIds: members.partnerIds.map(hex), staffIds: members.staffIds.map(hex) }
      : { levelIds: [], provinces: [], partnerIds: [], staffIds: [] },
    claim: { enabled: claim.enabled, cooldownDays: claim.cooldownDays },
    recycle: { noFollowUpDays: recycle.noFollowUpDays, noDealDays: recycle.noDealDays, remindDaysBefore: recycle.remindDaysBefore },
    moveTo: doc.moveTo.map(hex),
    pooledCount,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

const pooledCount = (poolId: Types.ObjectId) => Account.countDocuments({ poolId, state: 'pooled' });

async function checkMoveTo(moveTo: string[] | undefined, self?: Types.ObjectId): Promise<void> {
  if (!moveTo?.length) return;
  const ids = [...new Set(moveTo)].filter((id) => !self || id !== hex(self));
  if ((await AccountPool.countDocuments({ _id: { $in: ids.map(oid) } })) !== ids.length) {
    throw invalid([{ path: 'body.moveTo', code: 'invalid_reference', message: 'account_pool_move_unknown' }]);
  }
}

/** Admins see every pool; everyone else the pools they belong to. */
export async function listPools(): Promise<AccountPoolView[]> {
  const docs = await AccountPool.find(await accountPools.scope()).sort({ name: 1 }).lean<AccountPoolDoc[]>();
  return Promise.all(docs.map(async (doc) => poolView(doc, await pooledCount(doc._id))));
}

export async function getPool(id: string): Promise<AccountPoolView> {
  const doc = await accountPools.get(id);
  return poolView(doc, await pooledCount(doc._id));
}

export async function createPool(input: ReturnType<typeof accountPoolInput.parse>): Promise<AccountPoolView> {
  await checkPoolMembers(input.members);
  await checkMoveTo(input.moveTo);
  const created = await AccountPool.create(input);
  return poolView(created.toObject(), 0);
}

export async function updatePool(id: string, patch: ReturnType<typeof accountPoolPatch.parse>): Promise<AccountPoolView> {
  const pool = await allPools.get(id);
  await checkPoolMembers(patch.members);
  await checkMoveTo(patch.moveTo, pool._id);
  const updated = await allPools.updateVisible(id, { $set: patch });
  return poolView(updated, await pooledCount(updated._id));
}

export async function deletePool(id: string): Promise<void> {
  const pool = await allPools.get(id);
  if (await Account.exists({ poolId: pool._id, state: { $in: ['pooled', 'active'] } })) throw conflict('resource.in_use');
  await AccountPool.deleteOne({ _id: pool._id });
  await AccountPool.updateMany({ moveTo: pool._id }, { $pull: { moveTo: pool._id } });
}

/** What waits in a pool, as its members see it before claiming: who the customer is, never who had it. */
export async function pooledAccounts(id: string, query: { q?: string; cursor?: string; limit: number }): Promise<Page<PooledAccount>> {
  const pool = await accountPools.get(id);
  const filter: FilterQuery<AccountDoc> = { poolId: pool._id, state: 'pooled', ...(query.q ? { name: containsText(query.q) } : {}) };
  const page = await poolAccounts.page(filter, query);
  const { userId, partnerId } = caller();
  const now = Date.now();
  return {
    items: page.items.map((doc) => {
      const mine = doc.cooldowns.filter((c) => c.until.getTime() > now && (hex(c.holderId) === userId || hex(c.holderId) === partnerId));
      const until = mine.length ? new Date(Math.max(...mine.map((c) => c.until.getTime()))) : null;
      return {
        id: hex(doc._id),
        name: doc.name,
        region: { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(doc.region.district ? { district: doc.region.district } : {}) },
        customerLevel: doc.customerLevel,
        industry: doc.industry,
        poolId: hex(pool._id),
        cooldownUntil: until ? until.toISOString() : null,
        createdAt: doc.createdAt.toISOString(),
      };
    }),
    nextCursor: page.nextCursor,
  };
}
