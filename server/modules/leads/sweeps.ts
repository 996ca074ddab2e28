import type { Types } from 'mongoose';
import { runAsSystem } from '../../core/context';
import { tally, type HeldCounts } from '../../core/holdings';
import type { Logger } from '../../core/logger';
import { raise } from '../todos';
import { followUpKey, leadLink, recycleSoonKey } from './events';
import { heldParts, passOn, returnToPool } from './handover';
import { HELD_STATES } from '../../../types/leads';
import { Lead, type LeadDoc } from './lead.model';
import { LeadPool } from './pool.model';

const BATCH = 200;
const hex = (id: Types.ObjectId) => id.toHexString();
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * One kind of due work: the leads whose `field` has come, across tenants, each handled in its tenant. Every handler
 * is a conditional update on what it read, so two servers sweeping at once, or a sweep repeated after a crash, act
 * once: the loser of a race finds the lead changed and moves on.
 */
async function sweep(field: 'offeredUntil' | 'recycleAt' | 'remindAt' | 'followUpDue', filter: object, handle: (doc: LeadDoc) => Promise<unknown>, logger: Logger): Promise<number> {
  const due = (await Lead.collection.find({ [field]: { $lte: new Date() }, ...filter }, { limit: BATCH }).toArray()) as LeadDoc[];
  for (const doc of due) {
    await runAsSystem(hex(doc.tenantId), async () => {
      await handle(doc);
    }).catch((error: unknown) => {
      // A lead changed under us (409) is simply no longer due; anything else is retried at the next sweep.
      if ((error as { status?: number }).status !== 409) logger.error({ err: error, leadId: hex(doc._id), field }, 'leads: sweep step failed');
    });
  }
  return due.length;
}

/** Offers nobody accepted in time pass to the next eligible partner. */
export const handOverExpiredOffers = (logger: Logger) => sweep('offeredUntil', { state: 'offered' }, (doc) => passOn(doc, '超时未接收'), logger);

/** Held pool leads whose recycling time came go back to their pool. */
export const recycleDueLeads = (logger: Logger) =>
  sweep('recycleAt', { state: { $in: ['new', 'following'] } }, (doc) => returnToPool(doc, '超期未跟进或未转化，自动收回', 'recycled'), logger);

/** The holder hears, once per deadline, that a lead is about to go back. */
export const remindBeforeRecycling = (logger: Logger) =>
  sweep('remindAt', { state: { $in: ['new', 'following'] }, ownerId: { $ne: null } }, async (doc) => {
    await raise([{
      userId: doc.ownerId!,
      category: 'todo',
      kind: 'lead_recycle_soon',
      noticeKind: 'todo',
      sourceKey: recycleSoonKey(doc),
      title: `线索即将被收回：${doc.company}`,
      body: `请在 ${doc.recycleAt ? day(doc.recycleAt) : ''} 前跟进或转化`,
      link: leadLink(doc._id),
      dueAt: doc.recycleAt ?? undefined,
    }]);
    await Lead.updateOne({ _id: doc._id, remindAt: doc.remindAt }, { $set: { remindAt: null } });
  }, logger);

/** A follow-up someone planned is due: a to-do for the owner, closed when the next follow-up is written. */
export const raiseDueFollowUps = (logger: Logger) =>
  sweep('followUpDue', { state: { $in: ['new', 'following'] }, ownerId: { $ne: null } }, async (doc) => {
    await raise([{
      userId: doc.ownerId!,
      category: 'todo',
      kind: 'lead_follow_up',
      noticeKind: 'todo',
      sourceKey: followUpKey(doc._id, doc.followUpDue!),
      title: `跟进提醒：${doc.company}`,
      link: leadLink(doc._id),
      dueAt: doc.followUpDue!,
    }]);
    await Lead.updateOne({ _id: doc._id, followUpDue: doc.followUpDue }, { $set: { followUpDue: null } });
  }, logger);

export async function sweepLeads(logger: Logger): Promise<number> {
  let handled = 0;
  for (const step of [handOverExpiredOffers, recycleDueLeads, remindBeforeRecycling, raiseDueFollowUps]) handled += await step(logger);
  return handled;
}

/**
 * What the caller's tenant's pool leads hold now, for the recount (`settleCounts`): the overall counters and each
 * pool's. The daily claim counters count claims, not holdings, and are left alone.
 */
export async function leadHoldings(): Promise<HeldCounts> {
  const held = new Map<string, number>();
  const holding = await Lead.find({ poolId: { $ne: null }, state: { $in: [...HELD_STATES, 'offered'] } }, { state: 1, ownerId: 1, partnerId: 1, poolId: 1 }).lean<LeadDoc[]>();
  for (const lead of holding) tally(held, heldParts(lead));
  const pools = await LeadPool.find({}, { _id: 1 }).lean();
  return { held, scopes: ['all', ...pools.map((pool) => hex(pool._id))] };
}
