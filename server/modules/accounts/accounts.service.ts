import { Types, type FilterQuery } from 'mongoose';
import type {
  Account as AccountView, AccountEvent as AccountEventView, Contact as ContactView, RegistryCompany,
} from '../../../types/accounts';
import { accountDuplicateQuery, accountInput, accountListQuery, accountPatch, contactInput, contactPatch } from '../../../types/accounts';
import type { Page } from '../../../types/common';
import type { FollowUpInput } from '../../../types/leads';
import { caller } from '../../core/context';
import { AppError, conflict, illegalTransition, invalid, notFound } from '../../core/errors';
import { containsText } from '../../core/repository';
import { onApprovalOutcome, submitForApproval } from '../approvals';
import { User } from '../auth';
import { Partner } from '../partners';
import { raise } from '../todos';
import { Account, Contact, type AccountDoc, type ContactDoc } from './account.model';
import { accountFor, accounts, managedPartnerIds, permissionsOn, type AccountPermissions } from './accounts.policy';
import { addKeys, compared, duplicateError, findDuplicates, isProtected, keysOf, removeKeys, settingsOf, withKeys, type Compared } from './duplicates';
import { accountLink, accountTimeline, auditAccount, closeHolderTodos, recordEvent } from './events';
import { indexName, unindexName } from './name-index';
import { count, deadlines, heldParts, poolOf, recordDeal } from './ownership';
import { giveBack } from '../../core/holdings';
import { RegistryUnavailable } from './registry/http-registry';
import type { RegistryProvider } from './registry/registry';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const hex = (id: Types.ObjectId) => id.toHexString();
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const sameId = (a: Types.ObjectId | null | undefined, b: string | Types.ObjectId | null | undefined) => Boolean(a && b && String(a) === String(b));

// ---- Views ------------------------------------------------------------------------------------------------------
function contactView(doc: ContactDoc): ContactView {
  return {
    id: hex(doc._id), accountId: hex(doc.accountId), name: doc.name, title: doc.title, phone: doc.phone, email: doc.email, primary: doc.primary,
    notes: doc.notes, createdAt: doc.createdAt.toISOString(), updatedAt: doc.updatedAt.toISOString(),
  };
}

async function namesOf(docs: AccountDoc[]) {
  const userIds = new Set<string>();
  const partnerIds = new Set<string>();
  for (const doc of docs) {
    if (doc.ownerId) userIds.add(hex(doc.ownerId));
    doc.teamIds.forEach((member) => userIds.add(hex(member)));
    if (doc.partnerId) partnerIds.add(hex(doc.partnerId));
  }
  const [users, partners] = await Promise.all([
    User.find({ _id: { $in: [...userIds].map(oid) } }, { name: 1 }).lean(),
    Partner.find({ _id: { $in: [...partnerIds].map(oid) } }, { name: 1 }).lean(),
  ]);
  return { users: new Map(users.map((u) => [hex(u._id), u.name])), partners: new Map(partners.map((p) => [hex(p._id), p.name])) };
}

function view(doc: AccountDoc, names: Awaited<ReturnType<typeof namesOf>>, can: AccountPermissions, contacts: ContactDoc[]): AccountView {
  return {
    id: hex(doc._id),
    name: doc.name,
    creditCode: doc.creditCode,
    phone: doc.phone,
    region: { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(doc.region.district ? { district: doc.region.district } : {}) },
    address: doc.address,
    customerLevel: doc.customerLevel,
    industry: doc.industry,
    notes: doc.notes,
    source: doc.source,
    registryStatus: doc.registryStatus,
    state: doc.state,
    reason: doc.reason,
    partnerId: doc.partnerId ? hex(doc.partnerId) : null,
    partnerName: doc.partnerId ? names.partners.get(hex(doc.partnerId)) ?? null : null,
    ownerId: doc.ownerId ? hex(doc.ownerId) : null,
    ownerName: doc.ownerId ? names.users.get(hex(doc.ownerId)) ?? null : null,
    team: doc.teamIds.map((member) => ({ id: hex(member), name: names.users.get(hex(member)) ?? '' })),
    poolId: doc.poolId ? hex(doc.poolId) : null,
    approvalId: doc.approvalId ? hex(doc.approvalId) : null,
    protected: isProtected(doc),
    protectedUntil: iso(doc.protectedUntil),
    won: doc.won,
    lastDealAt: iso(doc.lastDealAt),
    takenAt: iso(doc.takenAt),
    lastFollowUpAt: iso(doc.lastFollowUpAt),
    recycleAt: iso(doc.recycleAt),
    contacts: contacts.map(contactView),
    can,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** Views of accounts; `withContacts` for a single account's page (lists leave them out). */
export async function accountViews(docs: AccountDoc[], withContacts = false): Promise<AccountView[]> {
  const [names, managed, contacts] = await Promise.all([
    namesOf(docs),
    managedPartnerIds(),
    withContacts ? Contact.find({ accountId: { $in: docs.map((d) => d._id) } }).sort({ primary: -1, _id: 1 }).lean<ContactDoc[]>() : [],
  ]);
  return docs.map((doc) => view(doc, names, permissionsOn(doc, managed), contacts.filter((c) => sameId(c.accountId, doc._id))));
}
export const accountView = async (doc: AccountDoc) => (await accountViews([doc], true))[0];

// ---- Duplicate check ---------------------------------------------------------------------------------------------
const visibleIds = async (ids: Types.ObjectId[]) => new Set((await Account.find(await accounts.scope({ _id: { $in: ids } }), { _id: 1 }).lean()).map((d) => hex(d._id)));

export async function checkDuplicates(query: ReturnType<typeof accountDuplicateQuery.parse>) {
  const values = compared(query);
  return { duplicates: await findDuplicates(values, { except: query.exceptId ? oid(query.exceptId) : undefined, visibleIds }) };
}

/** Refuses on a blocking match, and on a warning the reporter has not acknowledged yet. */
async function guard(values: Compared, acknowledged: boolean, except?: Types.ObjectId): Promise<void> {
  const hits = await findDuplicates(values, { except, visibleIds });
  if (hits.some((hit) => hit.outcome === 'block') || (hits.length && !acknowledged)) throw duplicateError(hits);
}

// ---- Registry ----------------------------------------------------------------------------------------------------
export async function lookupRegistry(registry: RegistryProvider, q: string): Promise<{ companies: RegistryCompany[] }> {
  try {
    return { companies: await registry.lookup(q, 10) };
  } catch (error) {
    if (error instanceof RegistryUnavailable) throw new AppError(503, 'registry.unavailable');
    throw error;
  }
}

/** What the registry says of the company by code (else by exact name); a registry that is down leaves it unknown. */
async function registryStatus(registry: RegistryProvider, name: string, creditCode: string | null): Promise<RegistryCompany['status'] | null> {
  try {
    const found = await registry.lookup(creditCode ?? name, 5);
    const match = found.find((c) => (creditCode ? c.creditCode === creditCode : c.legalName === name));
    return match?.status ?? null;
  } catch (error) {
    if (error instanceof RegistryUnavailable) return null;
    throw error;
  }
}

// ---- Capture -----------------------------------------------------------------------------------------------------
export interface CreateOptions {
  source?: AccountDoc['source'];
  leadId?: Types.ObjectId;
}

/**
 * Creates an account under the duplicate rules: the reports of one name, code or phone are serialised on their keys,
 * so of two simultaneous reports of the same company the second sees the first. A partner's account runs the
 * account-report approval when one is configured, and is protected for the partner once approved.
 */
export async function createAccount(registry: RegistryProvider | null, input: ReturnType<typeof accountInput.parse>, options: CreateOptions = {}): Promise<AccountView> {
  const { userId, partnerId } = caller();
  if (input.poolId && partnerId) throw invalid([{ path: 'body.poolId', code: 'not_allowed', message: 'account_pool_upstream_only' }]);
  const pool = input.poolId ? await poolOf(oid(input.poolId)) : null;
  if (input.poolId && !pool) throw invalid([{ path: 'body.poolId', code: 'invalid_reference', message: 'account_pool_unknown' }]);
  const values = compared(input);
  const status = registry ? await registryStatus(registry, input.name, input.creditCode ?? null) : null;
  const settings = await settingsOf();
  const _id = new Types.ObjectId();
  const keys = keysOf(values);

  let doc = await withKeys(keys, async () => {
    await guard(values, input.acknowledgeDuplicates);
    const now = new Date();
    const created = (
      await Account.create({
        _id,
        name: input.name,
        nameKey: values.nameKey,
        creditCode: values.creditCode,
        phone: input.phone ?? null,
        phoneKey: values.phoneKey,
        region: input.region,
        address: input.address,
        customerLevel: input.customerLevel,
        industry: input.industry,
        notes: input.notes,
        source: options.source ?? (partnerId ? 'partner_report' : 'upstream'),
        registryStatus: status,
        state: pool ? 'pooled' : 'active',
        partnerId: pool || !partnerId ? null : oid(partnerId),
        ownerId: pool ? null : oid(userId),
        poolId: pool?._id ?? null,
        takenAt: pool ? null : now,
        createdBy: oid(userId),
        leadId: options.leadId ?? null,
      })
    ).toObject() as AccountDoc;
    await addKeys(_id, keys);
    return created;
  });
  try {
    await indexName(hex(_id), input.name);
    if (input.contacts.length) await Contact.insertMany(primaryFirst(input.contacts).map((c) => ({ ...c, tenantId: doc.tenantId, accountId: _id, phone: c.phone ?? null, email: c.email ?? null })));
    if (partnerId && !pool) {
      const approval = await submitForApproval({ kind: 'account_report', title: `客户报备：${input.name}`, content: [input.creditCode, input.phone, input.address, input.notes].filter(Boolean).join('\n'), subjectId: hex(_id) });
      const set = approval ? { state: 'reporting' as const, approvalId: approval._id } : { protectedFrom: new Date(), protectedUntil: protectionEnd(settings.protectionDays) };
      doc = (await Account.findOneAndUpdate({ _id }, { $set: set }, { new: true }).lean<AccountDoc>())!;
    }
    await count(doc, settings.wonCounts);
  } catch (error) {
    // Nothing half written: the account, its keys, its name and contacts go together.
    await discard(doc, keys);
    throw error;
  }
  await recordEvent(doc, doc.state === 'reporting' ? 'reported' : 'created');
  return accountView(doc);
}

/** One primary contact at most: the first marked, else the first. */
function primaryFirst<T extends { primary?: boolean }>(contacts: T[]): T[] {
  const primary = Math.max(0, contacts.findIndex((c) => c.primary));
  return contacts.map((c, i) => ({ ...c, primary: i === primary }));
}

const protectionEnd = (days: number | null) => (days ? new Date(Date.now() + days * 86_400_000) : null);

/** Removes an account just created, with everything written for it (a conversion that could not complete). */
export async function discardAccount(id: string): Promise<void> {
  const doc = await Account.findOne({ _id: oid(id) }).lean<AccountDoc>();
  if (!doc) return;
  await giveBack(heldParts(doc, (await settingsOf()).wonCounts));
  await accountTimeline.forget(doc._id);
  await discard(doc, keysOf(compared(doc)));
}

async function discard(doc: AccountDoc, keys: string[]): Promise<void> {
  await Account.deleteOne({ _id: doc._id });
  await Contact.deleteMany({ accountId: doc._id });
  await removeKeys(doc._id, keys);
  await unindexName(hex(doc._id));
}

onApprovalOutcome('account_report', async ({ subjectId, state, comment }) => {
  if (!subjectId) return;
  const _id = oid(subjectId);
  const settings = await settingsOf();
  if (state === 'approved') {
    const done = await Account.findOneAndUpdate(
      { _id, state: 'reporting' },
      { $set: { state: 'active', protectedFrom: new Date(), protectedUntil: protectionEnd(settings.protectionDays) } },
      { new: true },
    ).lean<AccountDoc>();
    if (done) await recordEvent(done, 'report_approved', { text: comment });
  } else if (state === 'rejected' || state === 'withdrawn') {
    const before = await Account.findOne({ _id, state: 'reporting' }).lean<AccountDoc>();
    if (!before) return;
    // The idempotent part first, so a retry after a crash still finds the report pending and finishes it.
    await removeKeys(_id, keysOf(compared(before)));
    await unindexName(subjectId);
    const done = await Account.findOneAndUpdate({ _id, state: 'reporting' }, { $set: { state: 'rejected', reason: comment || state } }, { new: true }).lean<AccountDoc>();
    if (!done) return;
    // A turned-down report frees the customer for others and stops counting for its reporter.
    await giveBack(heldParts(before, settings.wonCounts));
    await recordEvent(done, 'report_rejected', { text: comment });
  }
});

export async function updateAccount(id: string, patch: ReturnType<typeof accountPatch.parse>): Promise<AccountView> {
  const doc = await accountFor(id, 'edit', ['active', 'reporting']);
  const { acknowledgeDuplicates = false, ...fields } = patch;
  const before = compared(doc);
  const after = compared({ name: patch.name ?? doc.name, creditCode: patch.creditCode !== undefined ? patch.creditCode : doc.creditCode, phone: patch.phone !== undefined ? patch.phone : doc.phone });
  // What identifies the company changes only when its compared values do (a form sends every field).
  const identity = before.nameKey !== after.nameKey || before.creditCode !== after.creditCode || before.phoneKey !== after.phoneKey;
  // The approver decides on the company as reported, and a protected account stays the company it was approved as:
  // only upstream staff may change what identifies it then.
  if (identity && (doc.state === 'reporting' || (caller().partnerId && isProtected(doc)))) throw illegalTransition(doc.state, 'change the name, code or phone of');
  const set: Partial<AccountDoc> = { ...fields, nameKey: after.nameKey, creditCode: after.creditCode, phoneKey: after.phoneKey } as Partial<AccountDoc>;
  const oldKeys = keysOf(before);
  const newKeys = keysOf(after);
  const updated = await withKeys(identity ? newKeys : [], async () => {
    if (identity) await guard(after, acknowledgeDuplicates, doc._id);
    // Only over what the editor saw: a concurrent edit or a hand-over in between makes this one answer 409.
    const changed = await Account.findOneAndUpdate(
      { _id: doc._id, state: doc.state, ownerId: doc.ownerId, nameKey: doc.nameKey, creditCode: doc.creditCode, phoneKey: doc.phoneKey },
      { $set: set },
      { new: true },
    ).lean<AccountDoc>();
    if (!changed) throw conflict('account.changed');
    if (identity) {
      await addKeys(doc._id, newKeys);
      await removeKeys(doc._id, oldKeys.filter((key) => !newKeys.includes(key)));
    }
    return changed;
  });
  if (identity) await auditAccount('identity', doc, updated);
  if (patch.name !== undefined && after.nameKey !== before.nameKey) {
    await unindexName(id);
    await indexName(id, patch.name);
  }
  await recordEvent(doc, 'edited');
  return accountView(updated);
}

// ---- Lists ---------------------------------------------------------------------------------------------------------
function accountFilter(query: ReturnType<typeof accountListQuery.parse>): FilterQuery<AccountDoc> {
  const parts: FilterQuery<AccountDoc>[] = [];
  if (query.q) {
    const text = containsText(query.q);
    parts.push({ $or: [{ name: text }, { creditCode: text }, { phone: text }] });
  }
  if (query.state) parts.push({ state: query.state });
  if (query.partnerId) parts.push({ partnerId: oid(query.partnerId) });
  if (query.poolId) parts.push({ poolId: oid(query.poolId) });
  if (query.customerLevel) parts.push({ customerLevel: query.customerLevel });
  if (query.won) parts.push({ won: query.won === 'true' });
  if (query.owner === 'me') {
    const me = oid(caller().userId);
    parts.push({ $or: [{ ownerId: me }, { teamIds: me }] });
  } else if (query.owner) parts.push({ ownerId: oid(query.owner) });
  return parts.length ? { $and: parts } : {};
}

export async function listAccounts(query: ReturnType<typeof accountListQuery.parse>): Promise<Page<AccountView>> {
  const page = await accounts.page(accountFilter(query), query);
  return { items: await accountViews(page.items), nextCursor: page.nextCursor };
}

export async function getAccount(id: string): Promise<AccountView> {
  return accountView(await accounts.get(id));
}

// ---- Timeline and follow-ups ---------------------------------------------------------------------------------------
export async function timeline(id: string, page: { cursor?: string; limit: number }): Promise<Page<AccountEventView>> {
  return accountTimeline.page((await accounts.get(id))._id, page);
}

export async function addFollowUp(id: string, input: FollowUpInput): Promise<AccountView> {
  const doc = await accountFor(id, 'followUp', ['active']);
  const now = new Date();
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const updated = await Account.findOneAndUpdate(
    { _id: doc._id, state: 'active', ownerId: doc.ownerId },
    { $set: { lastFollowUpAt: now, ...deadlines(pool, { takenAt: doc.takenAt, lastFollowUpAt: now, won: doc.won }) } },
    { new: true },
  ).lean<AccountDoc>();
  if (!updated) throw conflict('account.changed');
  await recordEvent(doc, 'follow_up', { kind: input.kind, text: input.text, position: input.position });
  // The recycling warning has a new deadline now.
  await closeHolderTodos(doc, 'done');
  return accountView(updated);
}

export async function markDeal(id: string, note: string): Promise<AccountView> {
  const doc = await accountFor(id, 'recordDeal', ['active']);
  return accountView(await recordDeal(doc, note));
}

// ---- Team --------------------------------------------------------------------------------------------------------
export async function addTeamMember(id: string, userId: string): Promise<AccountView> {
  const doc = await accountFor(id, 'team', ['active']);
  const user = await User.findOne({ _id: oid(userId), partnerId: doc.partnerId, status: 'active' }, { name: 1 }).lean();
  if (!user) throw invalid([{ path: 'body.userId', code: 'invalid_reference', message: 'member_active' }]);
  if (sameId(doc.ownerId, userId)) throw invalid([{ path: 'body.userId', code: 'invalid_reference', message: 'account_owner_works' }]);
  const updated = await Account.findOneAndUpdate({ _id: doc._id, partnerId: doc.partnerId, state: 'active' }, { $addToSet: { teamIds: user._id } }, { new: true }).lean<AccountDoc>();
  if (!updated) throw conflict('account.changed');
  if (!doc.teamIds.some((member) => sameId(member, userId))) {
    await recordEvent(doc, 'team_added', { text: user.name });
    await auditAccount('team', doc, updated);
    await raise([{ userId: user._id, category: 'notice', kind: 'account_team', noticeKind: 'lead_assigned', sourceKey: `account-team:${id}:${userId}`, title: `邀请您共同跟进客户：${doc.name}`, link: accountLink(doc._id) }]);
  }
  return accountView(updated);
}

export async function removeTeamMember(id: string, userId: string): Promise<AccountView> {
  const doc = await accountFor(id, 'team', ['active']);
  const updated = await Account.findOneAndUpdate({ _id: doc._id }, { $pull: { teamIds: oid(userId) } }, { new: true }).lean<AccountDoc>();
  if (updated && updated.teamIds.length !== doc.teamIds.length) {
    const name = (await User.findOne({ _id: oid(userId) }, { name: 1 }).lean())?.name ?? '';
    await recordEvent(doc, 'team_removed', { text: name });
    await auditAccount('team', doc, updated);
  }
  return accountView(updated ?? doc);
}

// ---- Contacts ----------------------------------------------------------------------------------------------------
export async function listContacts(accountId: string): Promise<{ items: ContactView[] }> {
  const doc = await accounts.get(accountId);
  return { items: (await Contact.find({ accountId: doc._id }).sort({ primary: -1, _id: 1 }).lean<ContactDoc[]>()).map(contactView) };
}

/** A new primary contact takes the mark from the old one. */
async function demoteOthers(accountId: Types.ObjectId, except: Types.ObjectId): Promise<void> {
  await Contact.updateMany({ accountId, _id: { $ne: except }, primary: true }, { $set: { primary: false } });
}

export async function addContact(accountId: string, input: ReturnType<typeof contactInput.parse>): Promise<ContactView> {
  const doc = await accountFor(accountId, 'contacts', ['active', 'reporting']);
  const first = !(await Contact.exists({ accountId: doc._id }));
  const created = (await Contact.create({ ...input, accountId: doc._id, phone: input.phone ?? null, email: input.email ?? null, primary: input.primary || first })).toObject() as ContactDoc;
  if (created.primary) await demoteOthers(doc._id, created._id);
  return contactView(created);
}

async function contactFor(accountId: string, contactId: string): Promise<{ account: AccountDoc; contact: ContactDoc }> {
  const account = await accountFor(accountId, 'contacts', ['active', 'reporting']);
  const contact = Types.ObjectId.isValid(contactId) ? await Contact.findOne({ _id: oid(contactId), accountId: account._id }).lean<ContactDoc>() : null;
  if (!contact) throw notFound();
  return { account, contact };
}

export async function updateContact(accountId: string, contactId: string, patch: ReturnType<typeof contactPatch.parse>): Promise<ContactView> {
  const { account, contact } = await contactFor(accountId, contactId);
  const updated = await Contact.findOneAndUpdate({ _id: contact._id }, { $set: patch }, { new: true }).lean<ContactDoc>();
  if (!updated) throw notFound();
  if (patch.primary) await demoteOthers(account._id, contact._id);
  return contactView(updated);
}

export async function removeContact(accountId: string, contactId: string): Promise<void> {
  const { contact } = await contactFor(accountId, contactId);
  await Contact.deleteOne({ _id: contact._id });
}
