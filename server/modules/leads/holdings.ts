import type { Types } from 'mongoose';
import { LeadHolding } from './pool.model';

/** A counter to take one slot from: who, what it counts, and the most it may reach (null: no limit, still counted). */
export interface Slot {
  holderId: Types.ObjectId;
  scope: string;
  limit: number | null;
  /** Which limit this is, for the error the caller sees. */
  kind: 'person' | 'partner' | 'daily';
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * Takes one slot with a single conditional update: the count goes up only while below the limit. The first take
 * of a counter inserts it; two first takes racing meet on the unique index, and the loser tries once more as an
 * update, which is then conditional like any other.
 */
async function take(slot: Slot): Promise<boolean> {
  const ceiling = slot.limit ?? Number.MAX_SAFE_INTEGER;
  if (ceiling <= 0) return false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const updated = await LeadHolding.findOneAndUpdate(
        { holderId: slot.holderId, scope: slot.scope, count: { $lt: ceiling } },
        { $inc: { count: 1 }, $set: { updatedAt: new Date() } },
        { upsert: true, new: true },
      ).lean();
      return Boolean(updated);
    } catch (error) {
      // The counter exists and is at its limit (the upsert's insert collided), or a first take raced ours.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return false;
}

export async function giveBack(slots: readonly Pick<Slot, 'holderId' | 'scope'>[]): Promise<void> {
  for (const slot of slots) {
    await LeadHolding.updateOne({ holderId: slot.holderId, scope: slot.scope, count: { $gt: 0 } }, { $inc: { count: -1 }, $set: { updatedAt: new Date() } });
  }
}

/**
 * Takes every slot or none: on the first refusal the ones already taken are given back. Answers the refused slot,
 * or null when all were taken.
 */
export async function takeAll(slots: readonly Slot[]): Promise<Slot | null> {
  const taken: Slot[] = [];
  for (const slot of slots) {
    if (!(await take(slot))) {
      await giveBack(taken);
      return slot;
    }
    taken.push(slot);
  }
  return null;
}
