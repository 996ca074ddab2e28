import type { Types } from 'mongoose';
import { runAsSystem } from '../../core/context';
import { tally, type HeldCounts } from '../../core/holdings';
import type { Logger } from '../../core/logger';
import { raise } from '../todos';
import { Account, type AccountDoc } from './account.model';
import { accountLink, recycleSoonKey } from './events';
import { settingsOf } from './duplicates';
import { HELD_SCOPE, heldParts, poolOf, returnToPool } from './ownership';

const BATCH = 200;
const hex = (id: Types.ObjectId) => id.toHexString();
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The held pool accounts whose `field` has come, across tenants, each handled in its tenant. Every step is a
 * conditional update on what was read, so two servers sweeping at once, or a sweep repeated after a crash, act once.
 */
async function sweep(field: 'recycleAt' | 'remindAt', handle: (doc: AccountDoc) => Promise<unknown>, logger: Logger): Promise<number> {
  const due = (await Account.collection.find({ [field]: { $lte: new Date() }, state: 'active', poolId: { $ne: null } }, { limit: BATCH }).toArray()) as AccountDoc[];
  for (const doc of due) {
    await runAsSystem(hex(doc.tenantId), async () => {
      await handle(doc);
    }).catch((error: unknown) => {
      // An account changed under us (409) is simply no longer due; anything else is retried at the next sweep.
      if ((error as { status?: number }).status !== 409) logger.error({ err: error, accountId: hex(doc._id), field }, 'accounts: sweep step failed');
    });
  }
  return due.length;
}

/** Held pool accounts whose recycling time came go back to their pool. */
export const recycleDueAccounts = (logger: Logger) =>
  sweep('recycleAt', async (doc) => {
    const pool = await poolOf(doc.poolId!);
    if (!pool) return Account.updateOne({ _id: doc._id, recycleAt: doc.recycleAt }, { $set: { recycleAt: null, remindAt: null } });
    // Only if still due as read: a follow-up written meanwhile moved the deadline.
    return returnToPool(doc, pool, '超期未跟进或未成交，自动收回', 'recycled', { recycleAt: doc.recycleAt });
  }, logger);

/** The holder hears, once per deadline, that an account is about to go back. */
export const remindBeforeRecycling = (logger: Logger) =>
  sweep('remindAt', async (doc) => {
    if (doc.ownerId) {
      await raise([{
        userId: doc.ownerId,
        category: 'todo',
        kind: 'account_recycle_soon',
        noticeKind: 'todo',
        sourceKey: recycleSoonKey(doc),
        title: `客户即将被收回：${doc.name}`,
        body: `请在 ${doc.recycleAt ? day(doc.recycleAt) : ''} 前跟进或成交`,
        link: accountLink(doc._id),
        dueAt: doc.recycleAt ?? undefined,
      }]);
    }
    await Account.updateOne({ _id: doc._id, remindAt: doc.remindAt }, { $set: { remindAt: null } });
  }, logger);

export async function sweepAccounts(logger: Logger): Promise<number> {
  let handled = 0;
  for (const step of [recycleDueAccounts, remindBeforeRecycling]) handled += await step(logger);
  return handled;
}

/** What the caller's tenant's accounts hold now, under today's "won accounts count" rule, for the recount. */
export async function accountHoldings(): Promise<HeldCounts> {
  const { wonCounts } = await settingsOf();
  const held = new Map<string, number>();
  const holding = await Account.find({ state: { $in: ['active', 'reporting'] }, ownerId: { $ne: null } }, { state: 1, ownerId: 1, won: 1 }).lean<AccountDoc[]>();
  for (const doc of holding) tally(held, heldParts(doc, wonCounts));
  return { held, scopes: [HELD_SCOPE] };
}
