import { Schema, model, type Types } from 'mongoose';
import type { AppError } from './errors';
import { tenantPlugin } from './tenant-plugin';

/**
 * How many of something a person or partner holds in one scope: leads overall (`all`) or from one pool, leads claimed
 * from a pool on a day, accounts held (`accounts`). Counted up by one conditional update before a record is taken,
 * so a limit can never be passed however many takers race; counted down when it is let go.
 */
export interface HoldingDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  holderId: Types.ObjectId;
  scope: string;
  count: number;
  updatedAt: Date;
}
const holdingSchema = new Schema<HoldingDoc>({
  holderId: { type: Schema.Types.ObjectId, required: true },
  scope: { type: String, required: true },
  count: { type: Number, required: true },
  updatedAt: { type: Date, required: true },
});
holdingSchema.plugin(tenantPlugin);
holdingSchema.index({ tenantId: 1, holderId: 1, scope: 1 }, { unique: true });

export const Holding = model<HoldingDoc>('Holding', holdingSchema);

export type SlotKey = Pick<Slot, 'holderId' | 'scope'>;
/** A counter to take one slot from: who, what it counts, and the most it may reach (null: no limit, still counted). */
export interface Slot<Kind extends string = string> {
  holderId: Types.ObjectId;
  scope: string;
  limit: number | null;
  /** Which limit this is, for the error the caller sees. */
  kind: Kind;
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
      const updated = await Holding.findOneAndUpdate(
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

export async function giveBack(slots: readonly SlotKey[]): Promise<void> {
  for (const slot of slots) {
    await Holding.updateOne({ holderId: slot.holderId, scope: slot.scope, count: { $gt: 0 } }, { $inc: { count: -1 }, $set: { updatedAt: new Date() } });
  }
}

/**
 * Takes every slot or none: on the first refusal the ones already taken are given back. Answers the refused slot,
 * or null when all were taken.
 */
export async function takeAll<Kind extends string>(slots: readonly Slot<Kind>[]): Promise<Slot<Kind> | null> {
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

const slotId = (slot: SlotKey) => `${slot.holderId.toHexString()}/${slot.scope}`;

/**
 * Moves a record between holders with the counters kept true: the slots the new holding needs (and the old one
 * lacked) get their limits and are taken first, with any `extra` ones; then `apply` makes its conditional update
 * (null: the record changed meanwhile). The slots are given back if it did not apply, and the old holding's
 * unneeded slots after it did.
 */
export async function exchange<T, Part extends SlotKey, Kind extends string>(
  { before, after, limits, extra = [] }: { before: SlotKey[]; after: Part[]; limits: (needed: Part[]) => Promise<Slot<Kind>[]>; extra?: Slot<Kind>[] },
  apply: () => Promise<T | null>,
  errors: { limit: (slot: Slot<Kind>) => AppError; changed: () => AppError },
): Promise<T> {
  const had = new Set(before.map(slotId));
  const needed = [...(await limits(after.filter((part) => !had.has(slotId(part))))), ...extra];
  const refused = await takeAll(needed);
  if (refused) throw errors.limit(refused);
  let applied: T | null;
  try {
    applied = await apply();
  } catch (error) {
    await giveBack(needed);
    throw error;
  }
  if (!applied) {
    await giveBack(needed);
    throw errors.changed();
  }
  const kept = new Set(after.map(slotId));
  await giveBack(before.filter((slot) => !kept.has(slotId(slot))));
  return applied;
}
