import { Types } from 'mongoose';
import type { AccountDuplicateHit, AccountSettings as SettingsView, DuplicateField, DuplicateRule, MaskableField } from '../../../types/accounts';
import { normalizeCreditCode } from '../../../types/credit-code';
import { LEGAL_FORMS, normalizeCompanyName, normalizePhone } from '../../../types/normalize';
import { currentContext } from '../../core/context';
import { AppError, conflict } from '../../core/errors';
import { duplicateHolder } from '../partners/partners.policy';
import { Account, AccountKey, AccountSettings, type AccountDoc, type AccountSettingsDoc } from './account.model';
import { similarKeys } from './name-index';

const hex = (id: Types.ObjectId) => id.toHexString();

/** What a tenant gets before its admin sets rules: the same code or name blocks, a similar name or the same phone warns. */
export const DEFAULT_SETTINGS: Omit<SettingsView, 'updatedAt'> = {
  duplicateRules: [
    { name: '统一社会信用代码相同', enabled: true, conditions: [{ field: 'creditCode', match: 'exact', threshold: 1 }], combine: 'or', outcome: 'block' },
    { name: '公司名称相同', enabled: true, conditions: [{ field: 'name', match: 'exact', threshold: 1 }], combine: 'or', outcome: 'block' },
    { name: '公司名称相似', enabled: true, conditions: [{ field: 'name', match: 'fuzzy', threshold: 0.8 }], combine: 'or', outcome: 'warn' },
    { name: '电话相同', enabled: true, conditions: [{ field: 'phone', match: 'exact', threshold: 1 }], combine: 'or', outcome: 'warn' },
  ],
  visibleFields: ['name', 'region', 'reportedAt'],
  protectionDays: null,
  wonCounts: true,
};

export async function settingsOf(): Promise<Omit<AccountSettingsDoc, '_id' | 'tenantId' | 'updatedAt'> & { updatedAt: Date | null }> {
  const saved = await AccountSettings.findOne({}).lean<AccountSettingsDoc>();
  return saved ?? { ...DEFAULT_SETTINGS, updatedAt: null };
}

/** The values a duplicate check compares, normalised. */
export interface Compared {
  nameKey: string;
  creditCode: string | null;
  phoneKey: string | null;
}

export function compared(values: { name?: string | null; creditCode?: string | null; phone?: string | null }): Compared {
  return {
    nameKey: values.name ? normalizeCompanyName(values.name) : '',
    creditCode: values.creditCode ? normalizeCreditCode(values.creditCode) : null,
    phoneKey: values.phone ? normalizePhone(values.phone) || null : null,
  };
}

const tenantOf = () => {
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new Error('account keys need a tenant in context');
  return tenantId;
};

/** The exact-value posting keys of an account: its normalised name, credit code and phone. */
export function keysOf(values: Compared): string[] {
  const tenant = tenantOf();
  return [
    ...(values.nameKey ? [`${tenant}:n:${values.nameKey}`] : []),
    ...(values.creditCode ? [`${tenant}:c:${values.creditCode}`] : []),
    ...(values.phoneKey ? [`${tenant}:p:${values.phoneKey}`] : []),
  ];
}

// ---- Serialising reports of the same company ----------------------------------------------------------------------
/** How long one report may hold its keys; a crashed reporter's lease runs out after this. */
const KEY_LEASE_MS = 5_000;
const KEY_WAIT_MS = 25;

/**
 * Runs `work` holding leases on the keys (taken in one order, so two reports never wait on each other in a
 * circle): a second report of the same name, code or phone waits until the first has written its account and
 * then sees it. Answers 409 `account.busy` if the keys stay taken longer than a lease.
 */
export async function withKeys<T>(keys: string[], work: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const held: { key: string; lease: Date }[] = [];
  const release = () => Promise.all(held.map(({ key, lease }) => AccountKey.updateOne({ _id: key, lease }, { $set: { lease: null } })));
  try {
    for (const key of sorted) {
      const giveUpAt = Date.now() + KEY_LEASE_MS;
      for (;;) {
        const now = new Date();
        // Unique per holder: the millisecond plus a random fraction no other lease will carry.
        const lease = new Date(now.getTime() + KEY_LEASE_MS + Math.random());
        try {
          const taken = await AccountKey.findOneAndUpdate(
            { _id: key, $or: [{ lease: null }, { lease: { $lt: now } }] },
            { $set: { lease }, $setOnInsert: { ids: [] } },
            { upsert: true, new: true },
          ).lean();
          if (taken) {
            held.push({ key, lease: taken.lease! });
            break;
          }
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
        }
        if (Date.now() > giveUpAt) throw conflict('account.busy');
        await new Promise((resolve) => setTimeout(resolve, KEY_WAIT_MS));
      }
    }
    return await work();
  } finally {
    await release();
  }
}

/** Lists the account under its keys (the postings exist when it was written under `withKeys`; bulk loads create them). */
export async function addKeys(accountId: Types.ObjectId, keys: string[]): Promise<void> {
  const tenantId = new Types.ObjectId(tenantOf());
  const write = () =>
    AccountKey.bulkWrite(
      keys.map((key) => ({ updateOne: { filter: { _id: key, tenantId }, update: { $addToSet: { ids: accountId }, $setOnInsert: { lease: null } }, upsert: true } })),
      { ordered: false },
    );
  if (!keys.length) return;
  // Two first writers of a key meet on its _id; the loser's write is then a plain update.
  await write().catch((error: { code?: number; writeErrors?: { code?: number }[] }) => {
    if (!(error.writeErrors?.every((e) => e.code === 11000) ?? error.code === 11000)) throw error;
    return write();
  });
}

export async function removeKeys(accountId: Types.ObjectId, keys: string[]): Promise<void> {
  if (keys.length) await AccountKey.updateMany({ _id: { $in: keys } }, { $pull: { ids: accountId } });
}

// ---- The check ------------------------------------------------------------------------------------------------------
interface Candidate {
  doc: AccountDoc;
  nameScore: number;
}

/** An account's partner keeps it: another partner's report of the same customer is refused, however the rule reads. */
export function isProtected(doc: Pick<AccountDoc, 'state' | 'partnerId' | 'protectedFrom' | 'protectedUntil'>, now = new Date()): boolean {
  if (!doc.partnerId) return false;
  if (doc.state === 'reporting') return true;
  return doc.state === 'active' && Boolean(doc.protectedFrom) && (!doc.protectedUntil || doc.protectedUntil > now);
}

function ruleMatches(rule: DuplicateRule, values: Compared, candidate: Candidate): DuplicateField[] | null {
  const met: DuplicateField[] = [];
  const results = rule.conditions.map((condition) => {
    let hit = false;
    if (condition.field === 'name') {
      hit = condition.match === 'exact' ? Boolean(values.nameKey) && candidate.doc.nameKey === values.nameKey : candidate.nameScore >= condition.threshold;
    } else if (condition.field === 'creditCode') {
      hit = Boolean(values.creditCode) && candidate.doc.creditCode === values.creditCode;
    } else {
      hit = Boolean(values.phoneKey) && candidate.doc.phoneKey === values.phoneKey;
    }
    if (hit) met.push(condition.field);
    return hit;
  });
  const matched = rule.combine === 'and' ? results.every(Boolean) : results.some(Boolean);
  return matched ? [...new Set(met)] : null;
}

/**
 * 北京字节跳动科技有限公司 → 字*****有限公司: the first character of the name's core and its legal form, enough to tell
 * a match from a stranger, never enough to learn which company another partner holds (the region and the brand go).
 */
export function maskName(name: string): string {
  const core = [...normalizeCompanyName(name)];
  const form = LEGAL_FORMS.find((suffix) => name.endsWith(suffix)) ?? '';
  return `${core[0] ?? ''}${'*'.repeat(Math.max(3, core.length - 1))}${form}`;
}

export function preview(doc: AccountDoc, fields: readonly MaskableField[], visible: boolean): AccountDuplicateHit['preview'] {
  const shown = (field: MaskableField) => visible || fields.includes(field);
  return {
    ...(shown('name') ? { name: visible ? doc.name : maskName(doc.name) } : {}),
    ...(shown('region') ? { region: { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(visible && doc.region.district ? { district: doc.region.district } : {}) } } : {}),
    ...(shown('customerLevel') ? { customerLevel: doc.customerLevel } : {}),
    ...(shown('state') ? { state: doc.state } : {}),
    ...(shown('reportedAt') ? { reportedAt: doc.createdAt.toISOString() } : {}),
  };
}

/**
 * The accounts the values collide with under the tenant's rules, as the caller may learn of them: where each sits,
 * what met, and only the fields the upstream lets reporters see. Candidates come from exact-value postings and the
 * name index (all `_id` lookups), so the check is as fast on 100k accounts as on 100.
 */
export async function findDuplicates(values: Compared, options: CheckOptions): Promise<AccountDuplicateHit[]> {
  return (await collisions(values, options)).map((collision) => collision.hit);
}

export interface CheckOptions {
  except?: Types.ObjectId;
  /** Which of these accounts the caller may open (the rest are masked). */
  visibleIds: (ids: Types.ObjectId[]) => Promise<Set<string>>;
}

/** The hits with the accounts behind them, for the server's own use (disputes); never sent as they are. */
export async function collisions(values: Compared, { except, visibleIds }: CheckOptions): Promise<{ hit: AccountDuplicateHit; doc: AccountDoc }[]> {
  const settings = await settingsOf();
  const rules = settings.duplicateRules.filter((rule) => rule.enabled);
  if (!rules.length) return [];
  const fuzzy = rules.flatMap((rule) => rule.conditions.filter((c) => c.field === 'name' && c.match === 'fuzzy').map((c) => c.threshold));
  const keys = keysOf(values);
  const [postings, alike] = await Promise.all([
    keys.length ? AccountKey.find({ _id: { $in: keys } }, { ids: 1 }).lean() : [],
    fuzzy.length && values.nameKey ? similarKeys(values.nameKey, { threshold: Math.min(...fuzzy), limit: 20 }) : [],
  ]);
  const scores = new Map(alike.map((hit) => [hit.id, hit.score]));
  const ids = new Set([...postings.flatMap((p) => p.ids.map(hex)), ...scores.keys()]);
  if (except) ids.delete(hex(except));
  if (!ids.size) return [];
  const docs = await Account.find({ _id: { $in: [...ids].map((id) => new Types.ObjectId(id)) } }).lean<AccountDoc[]>();
  const live = docs.filter((doc) => doc.state !== 'rejected');
  const visible = await visibleIds(live.map((doc) => doc._id));
  const hits: { hit: AccountDuplicateHit; doc: AccountDoc }[] = [];
  for (const doc of live) {
    const nameScore = doc.nameKey === values.nameKey ? 1 : scores.get(hex(doc._id)) ?? 0;
    const candidate = { doc, nameScore };
    const matched = rules.map((rule) => ({ rule, on: ruleMatches(rule, values, candidate) })).filter((m): m is { rule: DuplicateRule; on: DuplicateField[] } => m.on !== null);
    if (!matched.length) continue;
    const holder = duplicateHolder(doc);
    const strongest = matched.find((m) => m.rule.outcome === 'block') ?? matched[0];
    // Another partner's protected customer blocks when it is the same company by an exact rule; a merely similar
    // name stays the warning its rule says (similar names are often different companies).
    const exactly = matched.some((m) => m.rule.conditions.every((c) => c.match === 'exact'));
    const protectedElsewhere = holder === 'other_partner' && exactly && isProtected(doc);
    const outcome = strongest.rule.outcome === 'block' || protectedElsewhere ? 'block' : 'warn';
    const reporter = Boolean(currentContext()?.partnerId);
    hits.push({ doc, hit: {
      holder,
      matchedOn: [...new Set(matched.flatMap((m) => m.on))],
      rule: strongest.rule.name,
      outcome,
      score: Math.round(nameScore * 100) / 100,
      recordId: visible.has(hex(doc._id)) ? hex(doc._id) : null,
      preview: preview(doc, settings.visibleFields, visible.has(hex(doc._id))),
      disputable: reporter && outcome === 'block' && holder === 'other_partner',
    } });
  }
  return hits.sort(({ hit: a }, { hit: b }) => (a.outcome === b.outcome ? b.score - a.score : a.outcome === 'block' ? -1 : 1));
}

export const duplicateError = (duplicates: AccountDuplicateHit[]) =>
  new AppError(409, duplicates.some((d) => d.outcome === 'block') ? 'account.duplicate' : 'account.possible_duplicate', undefined, { duplicates });
