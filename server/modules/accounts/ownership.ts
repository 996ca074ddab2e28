import { Types } from 'mongoose';
import type { AccountState } from '../../../types/accounts';
import { caller } from '../../core/context';
import { AppError, conflict, invalid } from '../../core/errors';
import type { FieldMessage } from '../../../types/field-messages';
import { exchange, takeAll, type Slot, type SlotKey } from '../../core/holdings';
import { User } from '../auth';
import { Level, Partner } from '../partners';
import { raise } from '../todos';
import { Account, AccountPool, type AccountDoc, type AccountPoolDoc } from './account.model';
import { accountFor, accountPools, managedPartnerIds } from './accounts.policy';
import { settingsOf } from './duplicates';
import { accountLink, auditAccount, closeHolderTodos, recordEvent } from './events';

const DAY_MS = 86_400_000;
const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const sameId = (a: Types.ObjectId | null | undefined, b: Types.ObjectId | string | null | undefined) => Boolean(a && b && String(a) === String(b));
const badTarget = (path: string, message: FieldMessage) => invalid([{ path: `body.${path}`, code: 'invalid_reference', message }]);

/** The counter of accounts a person holds. */
export const HELD_SCOPE = 'accounts';

export const poolOf = (id: Types.ObjectId) => AccountPool.findOne({ _id: id }).lean<AccountPoolDoc>();

/**
 * When a held pool account goes back unless it is worked: N days after the later of taking it and its last
 * follow-up, or M days after taking it without a deal, whichever comes first; the holder is reminded K days before.
 */
export function deadlines(pool: AccountPoolDoc | null, doc: { takenAt: Date | null; lastFollowUpAt: Date | null; won: boolean }): { recycleAt: Date | null; remindAt: Date | null } {
  const rules = pool?.recycle;
  const takenAt = doc.takenAt?.getTime() ?? Date.now();
  const due: number[] = [];
  if (rules?.noFollowUpDays) due.push(Math.max(takenAt, doc.lastFollowUpAt?.getTime() ?? 0) + rules.noFollowUpDays * DAY_MS);
  if (rules?.noDealDays && !doc.won) due.push(takenAt + rules.noDealDays * DAY_MS);
  if (!due.length) return { recycleAt: null, remindAt: null };
  const recycleAt = Math.min(...due);
  const remindAt = rules?.remindDaysBefore ? Math.max(recycleAt - rules.remindDaysBefore * DAY_MS, Date.now()) : null;
  return { recycleAt: new Date(recycleAt), remindAt: remindAt === null ? null : new Date(remindAt) };
}

type Holding = Pick<AccountDoc, 'state' | 'ownerId' | 'won'>;

/** A held account (reported or claimed) counts for its owner, unless it made a deal and the upstream lets those go free. */
export function heldParts(doc: Holding, wonCounts: boolean): SlotKey[] {
  const holding = (doc.state === 'active' || doc.state === 'reporting') && doc.ownerId && (wonCounts || !doc.won);
  return holding ? [{ holderId: doc.ownerId!, scope: HELD_SCOPE }] : [];
}

/** Counts accounts that are not limited on the way in (a partner's own report), so later claims see them. */
export async function count(doc: Holding, wonCounts: boolean): Promise<void> {
  await takeAll(heldParts(doc, wonCounts).map((part) => ({ ...part, limit: null, kind: 'person' })));
}

/** The lower of a person's own capacity and their partner level's account limit (null: neither is set). */
export async function personLimit(userId: Types.ObjectId): Promise<number | null> {
  const user = await User.findOne({ _id: userId }, { accountCapacity: 1, partnerId: 1 }).lean();
  const partner = user?.partnerId ? await Partner.findOne({ _id: user.partnerId }, { levelId: 1 }).lean() : null;
  const level = partner ? await Level.findOne({ _id: partner.levelId }, { accountLimit: 1 }).lean() : null;
  const limits = [user?.accountCapacity, level?.accountLimit].filter((n): n is number => typeof n === 'number');
  return limits.length ? Math.min(...limits) : null;
}

interface Move {
  to: { state: AccountState; ownerId: Types.ObjectId | null; partnerId: Types.ObjectId | null; won?: boolean };
  set?: Partial<AccountDoc>;
  push?: Record<string, unknown>;
  /** Limits apply to who receives it (claims, assignments); an arbitration or a deal moves it regardless. */
  limited?: boolean;
  /** More of what the caller saw that must still hold (a sweep: the deadline it found due). */
  condition?: Record<string, unknown>;
}

/**
 * Moves an account to another holder or state as one conditional update on what the caller saw, with the holding
 * counters kept true (core/holdings `exchange`): a limit is never passed, however many moves race.
 */
export async function move(doc: AccountDoc, { to, set = {}, push, limited = true, condition = {} }: Move): Promise<AccountDoc> {
  const { wonCounts } = await settingsOf();
  return exchange(
    {
      before: heldParts(doc, wonCounts),
      after: heldParts({ ...to, won: to.won ?? doc.won }, wonCounts),
      limits: (needed) => Promise.all(needed.map(async (part): Promise<Slot<'person'>> => ({ ...part, kind: 'person', limit: limited ? await personLimit(part.holderId) : null }))),
    },
    () =>
      Account.findOneAndUpdate(
        { ...condition, _id: doc._id, state: doc.state, ownerId: doc.ownerId, partnerId: doc.partnerId, poolId: doc.poolId, won: doc.won },
        { $set: { ...set, ...to }, ...(push ? { $push: push } : {}) },
        { new: true },
      ).lean<AccountDoc>(),
    { limit: () => conflict('account.person_limit'), changed: () => conflict('account.taken') },
  );
}

/** What an account gets when someone starts holding it: the recycling clock starts again, and the last holder's report and reason go. */
export function taking(pool: AccountPoolDoc | null, won: boolean): Partial<AccountDoc> {
  const now = new Date();
  return { takenAt: now, lastFollowUpAt: null, reason: null, approvalId: null, claimLease: null, ...deadlines(pool, { takenAt: now, lastFollowUpAt: null, won }) };
}

/** How long a claimer may take over its limit checks before another may try (a crashed one is forgotten then). */
const CLAIM_LEASE_MS = 10_000;

/** A pool member takes a pooled account for themselves, within their holding limit and after any cool-down. */
export async function claim(id: string): Promise<AccountDoc> {
  const { userId, partnerId } = caller();
  const doc = Types.ObjectId.isValid(id) ? await Account.findOne({ _id: oid(id), poolId: { $ne: null } }).lean<AccountDoc>() : null;
  const pool = doc?.poolId ? await AccountPool.findOne(await accountPools.scope({ _id: doc.poolId })).lean<AccountPoolDoc>() : null;
  if (!doc || !pool) throw new AppError(404, 'resource.not_found');
  // The caller belongs to the account's pool, where they could see it waiting: that it was taken is theirs to know.
  if (doc.state !== 'pooled') throw conflict('account.taken');
  if (!pool.claim.enabled) throw conflict('account.claim_closed');
  const now = new Date();
  if (doc.cooldowns.some((c) => c.until > now && (sameId(c.holderId, userId) || sameId(c.holderId, partnerId)))) throw conflict('account.cooldown');
  // One claimer at a time goes on to the limit check; the others are told at once that it is taken.
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  const leased = await Account.findOneAndUpdate(
    { _id: doc._id, state: 'pooled', $or: [{ claimLease: null }, { claimLease: { $lt: now } }] },
    { $set: { claimLease: lease } },
    { new: true },
  ).lean<AccountDoc>();
  if (!leased) throw conflict('account.taken');
  let updated: AccountDoc;
  try {
    updated = await move(leased, { to: { state: 'active', ownerId: oid(userId), partnerId: partnerId ? oid(partnerId) : null }, set: taking(pool, doc.won) });
  } catch (error) {
    await Account.updateOne({ _id: doc._id, claimLease: lease }, { $set: { claimLease: null } });
    throw error;
  }
  await recordEvent(updated, 'claimed');
  await auditAccount('claim', doc, updated);
  return updated;
}

/**
 * A held account goes back to a pool: owner and team cleared, the previous holders cooling down before they may
 * claim it again, the reason on its timeline, protection ended.
 */
export async function returnToPool(doc: AccountDoc, pool: AccountPoolDoc, reason: string, type: 'returned' | 'recycled', condition: Record<string, unknown> = {}): Promise<AccountDoc> {
  const until = new Date(Date.now() + pool.claim.cooldownDays * DAY_MS);
  const cooling = pool.claim.cooldownDays > 0 ? [doc.ownerId, doc.partnerId].filter((h): h is Types.ObjectId => Boolean(h)) : [];
  const pooled = await move(doc, {
    to: { state: 'pooled', ownerId: null, partnerId: null },
    set: { poolId: pool._id, teamIds: [], takenAt: null, recycleAt: null, remindAt: null, protectedFrom: null, protectedUntil: null, approvalId: null, reason },
    condition,
    ...(cooling.length ? { push: { cooldowns: { $each: cooling.map((holderId) => ({ holderId, until })) } } } : {}),
  });
  await closeHolderTodos(doc);
  await recordEvent(pooled, type, { text: reason, partnerId: doc.partnerId });
  await auditAccount(type === 'returned' ? 'return' : 'recycle', doc, pooled);
  return pooled;
}

/** Pools an account in `from` may go to: its own and those it names (an account outside pools: any the caller is in). */
async function destination(from: AccountPoolDoc | null, poolId: string | undefined): Promise<AccountPoolDoc> {
  const target = poolId ?? (from ? hex(from._id) : undefined);
  if (!target) throw badTarget('poolId', 'account_return_pool');
  const pool = await AccountPool.findOne(await accountPools.scope({ _id: oid(target) })).lean<AccountPoolDoc>();
  if (!pool) throw badTarget('poolId', 'account_return_pool_member');
  if (from && !sameId(from._id, pool._id) && !from.moveTo.some((id) => sameId(id, pool._id))) throw conflict('account.move_not_allowed');
  return pool;
}

export async function giveUp(id: string, reason: string, poolId?: string): Promise<AccountDoc> {
  const doc = await accountFor(id, 'return', ['active']);
  const from = doc.poolId ? await poolOf(doc.poolId) : null;
  return returnToPool(doc, await destination(from, poolId), reason, 'returned');
}

/** Upstream staff move a pooled account to another pool its pool lets it go to. */
export async function moveToPool(id: string, poolId: string, reason: string): Promise<AccountDoc> {
  const doc = await accountFor(id, 'move', ['pooled']);
  const from = doc.poolId ? await poolOf(doc.poolId) : null;
  const pool = await destination(from, poolId);
  if (sameId(doc.poolId, pool._id)) return doc;
  const updated = await Account.findOneAndUpdate({ _id: doc._id, state: 'pooled', poolId: doc.poolId }, { $set: { poolId: pool._id } }, { new: true }).lean<AccountDoc>();
  if (!updated) throw conflict('account.taken');
  await recordEvent(updated, 'moved', { text: [pool.name, reason].filter(Boolean).join('：') });
  await auditAccount('move', doc, updated);
  return updated;
}

/**
 * Hands an account to a person: upstream staff to anyone at a partner they manage or to upstream staff; a partner
 * admin among their own members. The receiver's holding limit applies.
 */
export async function assign(id: string, userId: string): Promise<AccountDoc> {
  const doc = await accountFor(id, 'assign', ['active', 'pooled']);
  const { partnerId: myPartner } = caller();
  const managed = await managedPartnerIds();
  const user = await User.findOne({ _id: oid(userId), status: 'active' }, { partnerId: 1, name: 1 }).lean();
  const upstreamMayGive = (u: { partnerId: Types.ObjectId | null }) => caller().roles.includes('admin') || !u.partnerId || managed.has(String(u.partnerId));
  const allowed = user && (myPartner ? sameId(user.partnerId, myPartner) : upstreamMayGive(user));
  if (!user || !allowed) throw badTarget('userId', myPartner ? 'member_of_company' : 'assignee_managed');
  if (sameId(doc.ownerId, user._id)) return doc;
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const partnerChanges = !sameId(doc.partnerId, user.partnerId);
  const updated = await move(doc, {
    to: { state: 'active', ownerId: user._id, partnerId: user.partnerId },
    set: { ...taking(pool, doc.won), ...(partnerChanges ? { teamIds: [], protectedFrom: null, protectedUntil: null } : { approvalId: doc.approvalId }) },
  });
  await closeHolderTodos(doc);
  await recordEvent(updated, 'assigned', { text: user.name });
  await auditAccount('assign', doc, updated);
  await raise([{ userId: user._id, category: 'notice', kind: 'account_assigned', noticeKind: 'lead_assigned', sourceKey: `account-assigned:${id}:${updated.takenAt?.toISOString()}`, title: `分配给您的客户：${doc.name}`, link: accountLink(doc._id) }]);
  return updated;
}

/** A deal was made: the account is won, the no-deal recycling stops, and it may stop counting against limits. */
export async function recordDeal(doc: AccountDoc, note: string): Promise<AccountDoc> {
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const now = new Date();
  const updated = await move(doc, {
    to: { state: doc.state, ownerId: doc.ownerId, partnerId: doc.partnerId, won: true },
    set: { lastDealAt: now, ...deadlines(pool, { ...doc, won: true }) },
    limited: false,
  });
  await closeHolderTodos(doc);
  await recordEvent(updated, 'deal', { text: note });
  await auditAccount('deal', doc, updated);
  return updated;
}
