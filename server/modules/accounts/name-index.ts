import { Schema, Types, model } from 'mongoose';
import { normalizeCompanyName } from '../../../types/normalize';
import { currentContext } from '../../core/context';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * Finds company names like a given one, fast on any engine. Names are compared by their normalised core
 * (normalizeCompanyName) as sets of character bigrams, scored by Dice's coefficient (2·shared / (|a| + |b|)).
 * Candidates come from posting documents, one per bigram, whose `_id` is the tenant and the bigram: looked up by
 * `_id`, which every engine indexes (the embedded one scans for non-unique indexes). A bigram held by more than
 * POSTING_CAP names says little about likeness and stops collecting (科技, 有限, …).
 */
export const POSTING_CAP = 500;

interface NameGramDoc {
  _id: string;
  tenantId: Types.ObjectId;
  /** For a bigram: the records holding it. For a record (`_id` tenant#id): its normalised name in `key`. */
  ids?: string[];
  count?: number;
  key?: string;
}
const nameGramSchema = new Schema<NameGramDoc>({ _id: String, ids: [String], count: Number, key: String }, { versionKey: false });
nameGramSchema.plugin(tenantPlugin);
const NameGram = model<NameGramDoc>('AccountNameGram', nameGramSchema);

const tenant = () => {
  const id = currentContext()?.tenantId;
  if (!id) throw new Error('the name index needs a tenant in context');
  return id;
};
/** bulkWrite skips the tenant plugin's query hooks: its filters name the tenant themselves (and stamp upserts). */
const owned = () => ({ tenantId: new Types.ObjectId(tenant()) });
const gramId = (gram: string) => `${tenant()}:${gram}`;
const recordId = (id: string) => `${tenant()}#${id}`;

export function bigrams(key: string): string[] {
  const chars = [...key];
  if (chars.length < 2) return chars.length ? [key] : [];
  return [...new Set(chars.slice(1).map((char, i) => chars[i] + char))];
}

export function dice(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const other = new Set(b);
  return (2 * a.filter((gram) => other.has(gram)).length) / (a.length + b.length);
}

const ignoreDuplicates = (error: { code?: number; writeErrors?: { code?: number }[] }) => {
  const codes = error.writeErrors?.map((e) => e.code) ?? [error.code];
  if (!codes.every((code) => code === 11000)) throw error;
};

/**
 * Adds records' names, any number in one round trip (a bulk load groups them by bigram). A bigram already at its
 * cap is left as it is; one that a batch takes past the cap stops collecting after it.
 */
export async function indexNames(entries: readonly { id: string; name: string }[]): Promise<void> {
  if (!entries.length) return;
  const postings = new Map<string, string[]>();
  const records = entries.map(({ id, name }) => {
    const key = normalizeCompanyName(name);
    for (const gram of bigrams(key)) postings.set(gram, [...(postings.get(gram) ?? []), id]);
    return { updateOne: { filter: { _id: recordId(id), ...owned() }, update: { $set: { key } }, upsert: true } };
  });
  await NameGram.bulkWrite(
    [
      ...records,
      ...[...postings].map(([gram, ids]) => ({
        updateOne: {
          filter: { _id: gramId(gram), ...owned(), count: { $lt: POSTING_CAP }, ...(ids.length === 1 ? { ids: { $ne: ids[0] } } : {}) },
          update: { $addToSet: { ids: { $each: ids } }, $inc: { count: ids.length } },
          upsert: true,
        },
      })),
    ],
    { ordered: false },
  ).catch(ignoreDuplicates);
}

export const indexName = (id: string, name: string) => indexNames([{ id, name }]);

export async function unindexName(id: string): Promise<void> {
  const record = await NameGram.findOne({ _id: recordId(id) }).lean();
  if (!record?.key) return;
  await NameGram.bulkWrite(
    [
      ...bigrams(record.key).map((gram) => ({ updateOne: { filter: { _id: gramId(gram), ...owned(), ids: id }, update: { $pull: { ids: id }, $inc: { count: -1 } } } })),
      { deleteOne: { filter: { _id: recordId(id), ...owned() } } },
    ],
    { ordered: false },
  );
}

/**
 * Records whose names score at least `threshold` against `name`, best first. A name whose bigrams are all common
 * finds nothing here (the exact-key check catches identical names).
 */
export const similarNames = (name: string, options?: SimilarOptions) => similarKeys(normalizeCompanyName(name), options);

interface SimilarOptions {
  threshold?: number;
  limit?: number;
  candidates?: number;
}

/** The same for a name already normalised (normalising twice can cut a name further: 北京上海贝尔… → 贝尔…). */
export async function similarKeys(key: string, { threshold = 0.6, limit = 10, candidates = 50 }: SimilarOptions = {}): Promise<{ id: string; key: string; score: number }[]> {
  const grams = bigrams(key);
  if (!grams.length) return [];
  const postings = await NameGram.find({ _id: { $in: grams.map(gramId) } }, { ids: 1, count: 1 }).lean();
  const shared = new Map<string, number>();
  for (const posting of postings) {
    if ((posting.count ?? 0) >= POSTING_CAP) continue;
    for (const id of posting.ids ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
  }
  // Dice ≥ threshold needs at least threshold·|a|/2 shared bigrams even against the shortest name.
  const needed = Math.max(1, Math.ceil((threshold * grams.length) / 2));
  const best = [...shared].filter(([, n]) => n >= needed).sort((a, b) => b[1] - a[1]).slice(0, candidates);
  if (!best.length) return [];
  const records = await NameGram.find({ _id: { $in: best.map(([id]) => recordId(id)) } }, { key: 1 }).lean();
  return records
    .map((record) => ({ id: record._id.slice(record._id.indexOf('#') + 1), key: record.key ?? '', score: dice(grams, bigrams(record.key ?? '')) }))
    .filter((hit) => hit.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
