import { Types } from 'mongoose';
import type { LeadState } from '../../../types/leads';
import { chinaDay } from '../../core/calendar';
import { caller } from '../../core/context';
import { AppError, conflict, forbidden, illegalTransition, invalid } from '../../core/errors';
import type { FieldMessage } from '../../../types/field-messages';
import { User } from '../auth';
import { Level, Partner } from '../partners';
import { visiblePartners } from '../partners/partners.policy';
import { closeTodos, raise } from '../todos';
import { auditLead, closeHolderTodos, leadLink, offerKey, recordEvent } from './events';
import { exchange, type Slot } from '../../core/holdings';
import { Lead, type LeadDoc } from './lead.model';
import { isHeld, leads, permissionsOn, pools } from './leads.policy';
import { LeadPool, type LeadPoolDoc } from './pool.model';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const sameId = (a: Types.ObjectId | null | undefined, b: Types.ObjectId | string | null | undefined) => Boolean(a && b && String(a) === String(b));

export const poolOf = (id: Types.ObjectId) => LeadPool.findOne({ _id: id }).lean<LeadPoolDoc>();

/**
 * When a held pool lead goes back unless it is worked: N days after the later of taking it and its last follow-up,
 * or M days after taking it without conversion, whichever comes first; the holder is reminded K days before.
 */
export function deadlines(pool: LeadPoolDoc | null, takenAt: Date, lastFollowUpAt: Date | null): { recycleAt: Date | null; remindAt: Date | null } {
  const rules = pool?.recycle;
  const due: number[] = [];
  if (rules?.noFollowUpDays) due.push(Math.max(takenAt.getTime(), lastFollowUpAt?.getTime() ?? 0) + rules.noFollowUpDays * DAY_MS);
  if (rules?.notConvertedDays) due.push(takenAt.getTime() + rules.notConvertedDays * DAY_MS);
  if (!due.length) return { recycleAt: null, remindAt: null };
  const recycleAt = Math.min(...due);
  const remindAt = rules?.remindDaysBefore ? Math.max(recycleAt - rules.remindDaysBefore * DAY_MS, Date.now()) : null;
  return { recycleAt: new Date(recycleAt), remindAt: remindAt === null ? null : new Date(remindAt) };
}

type Holding = Pick<LeadDoc, 'state' | 'ownerId' | 'partnerId' | 'poolId'>;
type LeadLimit = 'person' | 'partner' | 'daily';
type Part = Pick<Slot, 'holderId' | 'scope'> & { kind: 'person' | 'partner' };

/**
 * The holding counters a pool lead uses in its state: an offered lead counts for the partner it waits on; a held
 * one for its owner and their partner; each overall and in its pool. Leads partners report themselves never count.
 */
export function heldParts(lead: Holding): Part[] {
  if (!lead.poolId) return [];
  const scopes = ['all', hex(lead.poolId)];
  const parts: Part[] = [];
  const held = isHeld(lead.state);
  if (held && lead.ownerId) parts.push(...scopes.map((scope) => ({ holderId: lead.ownerId!, scope, kind: 'person' as const })));
  if ((held || lead.state === 'offered') && lead.partnerId) parts.push(...scopes.map((scope) => ({ holderId: lead.partnerId!, scope, kind: 'partner' as const })));
  return parts;
}

/** A person's own limit is their capacity, else their partner level's; a partner's is its level's. */
async function ownLimit(part: Part, levelLimitOf: (partnerId: Types.ObjectId) => Promise<number | null>): Promise<number | null> {
  if (part.kind === 'partner') return levelLimitOf(part.holderId);
  const user = await User.findOne({ _id: part.holderId }, { leadCapacity: 1, partnerId: 1 }).lean();
  if (user?.leadCapacity !== null && user?.leadCapacity !== undefined) return user.leadCapacity;
  return user?.partnerId ? levelLimitOf(user.partnerId) : null;
}

/** The slots a move needs, with their limits; a partner's level is looked up once per move. */
async function slotsFor(parts: Part[], pool: LeadPoolDoc): Promise<Slot<LeadLimit>[]> {
  const levels = new Map<string, Promise<number | null>>();
  const levelLimitOf = (partnerId: Types.ObjectId) => {
    const key = hex(partnerId);
    if (!levels.has(key)) {
      levels.set(key, (async () => {
        const partner = await Partner.findOne({ _id: partnerId }, { levelId: 1 }).lean();
        return partner ? (await Level.findOne({ _id: partner.levelId }, { leadLimit: 1 }).lean())?.leadLimit ?? null : null;
      })());
    }
    return levels.get(key)!;
  };
  return Promise.all(
    parts.map(async (part) => ({
      ...part,
      limit: part.scope === 'all' ? await ownLimit(part, levelLimitOf) : part.kind === 'person' ? pool.claim.perPerson : pool.claim.perPartner,
    })),
  );
}

const LIMIT_CODES = { person: 'lead.person_limit', partner: 'lead.partner_limit', daily: 'lead.daily_limit' } as const;

interface Move {
  to: { state: LeadState; ownerId: Types.ObjectId | null; partnerId: Types.ObjectId | null };
  set?: Partial<LeadDoc>;
  push?: Record<string, unknown>;
  /** Slots taken only for this move and kept (a claim counts toward the day's claims). */
  extraSlots?: Slot<LeadLimit>[];
}

/**
 * Moves a lead to another holder or state as one conditional update on what the caller saw, with its holding
 * counters kept true (see `exchange`): a limit is never passed, however many moves race.
 */
export async function move(doc: LeadDoc, pool: LeadPoolDoc | null, { to, set = {}, push, extraSlots = [] }: Move): Promise<LeadDoc> {
  return exchange(
    { before: heldParts(doc), after: heldParts({ ...to, poolId: doc.poolId }), limits: (needed) => (pool ? slotsFor(needed, pool) : Promise.resolve([])), extra: extraSlots },
    () =>
      Lead.findOneAndUpdate(
        { _id: doc._id, state: doc.state, ownerId: doc.ownerId, partnerId: doc.partnerId },
        { $set: { ...set, ...to }, ...(push ? { $push: push } : {}) },
        { new: true },
      ).lean<LeadDoc>(),
    { limit: (slot) => conflict(LIMIT_CODES[slot.kind]), changed: () => conflict('lead.taken') },
  );
}

/** How long a claimer may take over its limit checks before another may try (a crashed one is forgotten then). */
const CLAIM_LEASE_MS = 10_000;

/** What a lead gets when someone starts holding it: the clock for recycling starts again. */
function taking(pool: LeadPoolDoc | null): Partial<LeadDoc> {
  const now = new Date();
  return { takenAt: now, lastFollowUpAt: null, nextFollowUpAt: null, followUpDue: null, offeredUntil: null, offeredTo: [], reason: null, ...deadlines(pool, now, null) };
}

// ---- Claims -----------------------------------------------------------------------------------------------------
/** A pool member takes a pooled lead for themselves, within every limit that applies to them. */
export async function claim(id: string): Promise<LeadDoc> {
  const { userId, partnerId } = caller();
  const doc = Types.ObjectId.isValid(id) ? await Lead.findOne({ _id: oid(id), poolId: { $ne: null } }).lean<LeadDoc>() : null;
  const pool = doc?.poolId ? await LeadPool.findOne(await pools.scope({ _id: doc.poolId })).lean<LeadPoolDoc>() : null;
  if (!doc || !pool) throw new AppError(404, 'resource.not_found');
  if (doc.state !== 'pooled') throw conflict('lead.taken');
  if (!pool.claim.enabled) throw conflict('lead.claim_closed');
  const now = new Date();
  const cooling = doc.cooldowns.some((c) => c.until > now && (sameId(c.holderId, userId) || sameId(c.holderId, partnerId)));
  if (cooling) throw conflict('lead.cooldown');
  // One claimer at a time goes on to the limit checks; the others are told at once that it is taken.
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS);
  const leased = await Lead.findOneAndUpdate(
    { _id: doc._id, state: 'pooled', $or: [{ claimLease: null }, { claimLease: { $lt: now } }] },
    { $set: { claimLease: lease } },
    { new: true },
  ).lean<LeadDoc>();
  if (!leased) throw conflict('lead.taken');
  const me = oid(userId);
  let updated: LeadDoc;
  try {
    updated = await move(leased, pool, {
      to: { state: 'new', ownerId: me, partnerId: partnerId ? oid(partnerId) : null },
      set: { ...taking(pool), claimLease: null },
      extraSlots: [{ holderId: me, scope: `day:${hex(pool._id)}:${chinaDay(now)}`, limit: pool.claim.dailyLimit, kind: 'daily' }],
    });
  } catch (error) {
    await Lead.updateOne({ _id: doc._id, claimLease: lease }, { $set: { claimLease: null } });
    throw error;
  }
  await recordEvent(updated, 'claimed');
  await auditLead('claim', doc, updated);
  return updated;
}

// ---- Offers to partners -----------------------------------------------------------------------------------------
/** Partner admins get the offer as a to-do that is due when the offer runs out. */
async function tellPartner(lead: LeadDoc): Promise<void> {
  const admins = await User.find({ partnerId: lead.partnerId, role: 'partner_admin', status: 'active' }, { _id: 1 }).lean();
  await raise(
    admins.map((admin) => ({
      userId: admin._id,
      category: 'todo' as const,
      kind: 'lead_offer',
      noticeKind: 'lead_assigned' as const,
      sourceKey: offerKey(lead),
      title: `新线索待接收：${lead.company}`,
      body: '请在期限内接收或退回',
      link: leadLink(lead._id),
      dueAt: lead.offeredUntil ?? undefined,
    })),
  );
}

/** Offers a lead to a partner in one move from wherever it is: whoever held it lets go, and their to-dos close. */
async function offer(doc: LeadDoc, pool: LeadPoolDoc, partnerId: Types.ObjectId): Promise<LeadDoc> {
  const updated = await move(doc, pool, {
    to: { state: 'offered', ownerId: null, partnerId },
    set: {
      offeredUntil: new Date(Date.now() + pool.acceptHours * HOUR_MS), collaboratorIds: [], takenAt: null, nextFollowUpAt: null, followUpDue: null,
      recycleAt: null, remindAt: null,
    },
    push: { offeredTo: partnerId },
  });
  if (doc.state === 'offered') await closeTodos(offerKey(doc), 'cancelled');
  await closeHolderTodos(doc);
  await recordEvent(updated, 'offered');
  await auditLead('offer', doc, updated);
  await tellPartner(updated);
  return updated;
}

/** Active partners belonging to the pool, by name, level or province. */
async function poolPartners(pool: LeadPoolDoc) {
  const { partnerIds, levelIds, provinces } = pool.members;
  return Partner.find(
    { status: 'active', $or: [{ _id: { $in: partnerIds } }, { levelId: { $in: levelIds } }, { 'region.province': { $in: provinces } }] },
    { levelId: 1, region: 1 },
  )
    .sort({ _id: 1 })
    .lean();
}

const rotate = <T>(list: T[], by: number) => (list.length ? [...list.slice(by % list.length), ...list.slice(0, by % list.length)] : list);

/**
 * The order in which partners are offered a lead: round-robin from the pool's cursor; weighted by level weight (a
 * level with twice the weight starts twice as many rounds); or by region, the district's partners first, then the
 * city's, the province's, and the rest, widening only when nobody nearer can take it.
 */
async function candidates(doc: LeadDoc, pool: LeadPoolDoc): Promise<Types.ObjectId[]> {
  const now = Date.now();
  const excluded = new Set([...doc.offeredTo.map(hex), ...doc.cooldowns.filter((c) => c.until.getTime() > now).map((c) => hex(c.holderId))]);
  const partners = (await poolPartners(pool)).filter((p) => !excluded.has(hex(p._id)));
  if (!partners.length) return [];
  const cursor = (await LeadPool.findOneAndUpdate({ _id: pool._id }, { $inc: { cursor: 1 } }, { new: true }).lean<LeadPoolDoc>())!.cursor - 1;
  if (pool.distribution === 'weighted') {
    const levels = await Level.find({ _id: { $in: partners.map((p) => p.levelId) } }, { weight: 1 }).lean();
    const weight = new Map(levels.map((l) => [hex(l._id), l.weight]));
    const total = partners.reduce((sum, p) => sum + (weight.get(hex(p.levelId)) ?? 0), 0);
    if (total > 0) {
      let point = cursor % total;
      const start = partners.findIndex((p) => (point -= weight.get(hex(p.levelId)) ?? 0) < 0);
      return rotate(partners, start).map((p) => p._id);
    }
  }
  if (pool.distribution === 'region') {
    const { province, city, district } = doc.region;
    const tier = (p: (typeof partners)[number]) =>
      district && p.region.district === district ? 0 : city && p.region.city === city ? 1 : p.region.province === province ? 2 : 3;
    return [0, 1, 2, 3].flatMap((level) => rotate(partners.filter((p) => tier(p) === level), cursor)).map((p) => p._id);
  }
  return rotate(partners, cursor).map((p) => p._id);
}

/** Offers a pooled lead to the first eligible partner with room; answers null when it stays in the pool. */
export async function distribute(doc: LeadDoc, pool: LeadPoolDoc): Promise<LeadDoc | null> {
  for (const partnerId of await candidates(doc, pool)) {
    try {
      return await offer(doc, pool, partnerId);
    } catch (error) {
      if ((error as AppError).code !== 'lead.partner_limit') return null;
    }
  }
  return null;
}

/** An offer declined or run out: back to the pool and on to the next partner that has not had it. */
export async function passOn(doc: LeadDoc, reason: string): Promise<LeadDoc> {
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const pooled = await move(doc, pool, { to: { state: 'pooled', ownerId: null, partnerId: null }, set: { offeredUntil: null } });
  await closeTodos(offerKey(doc), 'cancelled');
  await recordEvent(pooled, 'declined', { text: reason, partnerId: doc.partnerId });
  await auditLead('decline', doc, pooled);
  return (pool && pool.distribution !== 'manual' ? await distribute(pooled, pool) : null) ?? pooled;
}

async function offeredToMe(id: string): Promise<LeadDoc> {
  const doc = await leads.get(id);
  if (doc.state !== 'offered') throw illegalTransition(doc.state, 'accept');
  if (!permissionsOn(doc, new Set()).accept) throw forbidden();
  return doc;
}

export async function accept(id: string): Promise<LeadDoc> {
  const doc = await offeredToMe(id);
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const updated = await move(doc, pool, { to: { state: 'new', ownerId: oid(caller().userId), partnerId: doc.partnerId }, set: taking(pool) });
  await closeTodos(offerKey(doc));
  await recordEvent(updated, 'accepted');
  await auditLead('accept', doc, updated);
  return updated;
}

export async function decline(id: string, reason: string): Promise<LeadDoc> {
  return passOn(await offeredToMe(id), reason);
}

// ---- Assignment -------------------------------------------------------------------------------------------------
/**
 * Hands a lead to a person (they hold it at once) or, upstream only, offers it to a partner company. A partner
 * admin hands their company's leads among its members; a channel manager only to the partners they manage.
 */
export async function assign(id: string, target: { userId?: string; partnerId?: string }): Promise<LeadDoc> {
  const doc = await leads.get(id);
  const { partnerId: myPartner } = caller();
  const managed = new Set((await Partner.distinct('_id', visiblePartners())).map(String));
  if (!permissionsOn(doc, managed).assign) {
    if (!isHeld(doc.state) && doc.state !== 'pooled' && doc.state !== 'offered') throw illegalTransition(doc.state, 'assign');
    throw forbidden();
  }
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const badTarget = (path: string, message: FieldMessage) => invalid([{ path: `body.${path}`, code: 'invalid_reference', message }]);

  if (target.partnerId) {
    if (myPartner) throw forbidden();
    if (!managed.has(target.partnerId) || !(await Partner.exists({ _id: oid(target.partnerId), status: 'active' }))) throw badTarget('partnerId', 'partner_managed');
    if (!pool) throw badTarget('partnerId', 'pool_leads_only');
    return offer(doc, pool, oid(target.partnerId));
  }

  const user = await User.findOne({ _id: oid(target.userId!), status: 'active' }, { partnerId: 1, name: 1 }).lean();
  const allowed = user && (myPartner ? sameId(user.partnerId, myPartner) : !user.partnerId || managed.has(String(user.partnerId)));
  if (!user || !allowed) throw badTarget('userId', myPartner ? 'member_of_company' : 'assignee_managed');
  if (sameId(doc.ownerId, user._id)) return doc;
  const partnerChanges = !sameId(doc.partnerId, user.partnerId);
  const updated = await move(doc, pool, {
    to: { state: isHeld(doc.state) ? doc.state : 'new', ownerId: user._id, partnerId: user.partnerId },
    set: { ...taking(pool), ...(partnerChanges ? { collaboratorIds: [] } : {}) },
  });
  if (doc.state === 'offered') await closeTodos(offerKey(doc));
  await closeHolderTodos(doc);
  await recordEvent(updated, 'assigned', { text: user.name });
  await auditLead('assign', doc, updated);
  await raise([{ userId: user._id, category: 'notice', kind: 'lead_assigned', noticeKind: 'lead_assigned', sourceKey: `lead-assigned:${id}:${updated.takenAt?.toISOString()}`, title: `分配给您的线索：${doc.company}`, link: leadLink(doc._id) }]);
  return updated;
}

// ---- Back to the pool -------------------------------------------------------------------------------------------
/**
 * A held pool lead goes back: owner and collaborators cleared, the previous holders cooling down before they may
 * claim it again, the reason on its timeline; an automatic pool hands it out again at once.
 */
export async function returnToPool(doc: LeadDoc, reason: string, type: 'released' | 'recycled'): Promise<LeadDoc> {
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  if (!pool) throw illegalTransition(doc.state, 'release');
  const until = new Date(Date.now() + pool.claim.cooldownDays * DAY_MS);
  const cooling = pool.claim.cooldownDays > 0 ? [doc.ownerId, doc.partnerId].filter((h): h is Types.ObjectId => Boolean(h)) : [];
  const pooled = await move(doc, pool, {
    to: { state: 'pooled', ownerId: null, partnerId: null },
    set: { collaboratorIds: [], offeredTo: [], takenAt: null, nextFollowUpAt: null, followUpDue: null, recycleAt: null, remindAt: null, reason },
    ...(cooling.length ? { push: { cooldowns: { $each: cooling.map((holderId) => ({ holderId, until })) } } } : {}),
  });
  await closeHolderTodos(doc);
  await recordEvent(pooled, type, { text: reason, partnerId: doc.partnerId });
  await auditLead(type === 'released' ? 'release' : 'recycle', doc, pooled);
  return (pool.distribution !== 'manual' ? await distribute(pooled, pool) : null) ?? pooled;
}

export async function release(id: string, reason: string): Promise<LeadDoc> {
  const doc = await leads.get(id);
  const perms = permissionsOn(doc, new Set((await Partner.distinct('_id', visiblePartners())).map(String)));
  if (!perms.release) {
    if (!isHeld(doc.state) || !doc.poolId) throw illegalTransition(doc.state, 'release');
    throw forbidden();
  }
  return returnToPool(doc, reason, 'released');
}
