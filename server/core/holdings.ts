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
  /** A difference from the records seen by a recount (see `settleCounts`): corrected if a later one sees it too. */
  suspect?: { count: number; want: number; updatedAt: Date; notedAt: Date } | null;
}
const holdingSchema = new Schema<HoldingDoc>({
  holderId: { type: Schema.Types.ObjectId, required: true },
  scope: { type: String, required: true },
  count: { type: Number, required: true },
  updatedAt: { type: Date, required: true },
  suspect: { type: { _id: false, count: Number, want: Number, updatedAt: Date, notedAt: Date }, default: null },
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

/** What the records hold, by counter (`holderId/scope`), in the scopes one module counts. */
export interface HeldCounts {
  scopes: string[];
  held: Map<string, number>;
}

/** Adds one held record's counters to `held`. */
export function tally(held: Map<string, number>, slots: readonly SlotKey[]): void {
  for (const slot of slots) held.set(slotId(slot), (held.get(slotId(slot)) ?? 0) + 1);
}

/**
 * How long a difference must stand before a recount corrects it: far longer than any move takes between its
 * counters and its record, however close together two recounts run.
 */
export const SETTLE_AFTER_MS = 2 * 60_000;

/**
 * Brings the caller's tenant's counters in `counts.scopes` back to what the records hold: a crash between a
 * record's move and its counters, or a changed counting rule, leaves them off. A move in flight touches a counter
 * before and after its record, so a difference may be work in progress: it is only noted on the counter, and
 * corrected by a recount at least `SETTLE_AFTER_MS` later that finds the same difference with the counter untouched
 * since (each step a conditional update on the counter as read). `now` is the recount's time (tests pass a later
 * one). Answers how many counters were corrected.
 */
export async function settleCounts(counts: HeldCounts, now = new Date()): Promise<number> {
  const counters = await Holding.find({ scope: { $in: counts.scopes } }).lean<HoldingDoc[]>();
  const seen = new Set<string>();
  let corrected = 0;
  for (const counter of counters) {
    seen.add(slotId(counter));
    const want = counts.held.get(slotId(counter)) ?? 0;
    const asRead = { _id: counter._id, count: counter.count, updatedAt: counter.updatedAt };
    const { suspect } = counter;
    const sameAsNoted = suspect && suspect.want === want && suspect.count === counter.count && suspect.updatedAt.getTime() === counter.updatedAt.getTime();
    if (want === counter.count) {
      if (suspect) await Holding.updateOne(asRead, { $set: { suspect: null } });
    } else if (sameAsNoted && now.getTime() - suspect.notedAt.getTime() >= SETTLE_AFTER_MS) {
      const done = await Holding.updateOne(asRead, { $set: { count: want, updatedAt: now, suspect: null } });
      corrected += done.modifiedCount;
    } else if (!sameAsNoted) {
      await Holding.updateOne(asRead, { $set: { suspect: { count: counter.count, want, updatedAt: counter.updatedAt, notedAt: now } } });
    }
  }
  // Records held with no counter at all: a zero counter carrying the suspicion, settled the same way later.
  for (const [key, want] of counts.held) {
    if (seen.has(key) || want === 0) continue;
    const [holderId, scope] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    await Holding.updateOne({ holderId, scope }, { $setOnInsert: { count: 0, updatedAt: now, suspect: { count: 0, want, updatedAt: now, notedAt: now } } }, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }
  return corrected;
}
