import { PassThrough, type Readable } from 'node:stream';
import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { DuplicateHit } from '../../../types/duplicates';
import type { FollowUpInput, Lead as LeadView, LeadEvent as LeadEventView } from '../../../types/leads';
import { HELD_STATES, leadInput, leadListQuery, leadPatch, positionView } from '../../../types/leads';
import type { Locale } from '../../../types/locale';
import { normalizeCompanyName, normalizePhone } from '../../../types/normalize';
import { caller } from '../../core/context';
import { AppError, conflict, forbidden, illegalTransition, invalid } from '../../core/errors';
import { giveBack } from '../../core/holdings';
import { containsText, ScopedRepository } from '../../core/repository';
import { createSheetWriter } from '../../core/spreadsheet';
import { accounts } from '../accounts/accounts.policy';
import { addContact, createAccount, discardAccount } from '../accounts/accounts.service';
import { onApprovalOutcome, submitForApproval } from '../approvals';
import { User, userNames } from '../auth';
import { Partner } from '../partners';
import { raise } from '../todos';
import { auditLead, closeHolderTodos, leadLink, recordEvent } from './events';
import { deadlines, distribute, heldParts, poolOf } from './handover';
import { Lead, LeadEvent, LeadKey, type LeadDoc } from './lead.model';
import { leads, permissionsOn, type LeadPermissions } from './leads.policy';
import { duplicateHolder, managedPartnerIds, storyPart } from '../partners/partners.policy';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const hex = (id: Types.ObjectId) => id.toHexString();
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const sameId = (a: Types.ObjectId | null | undefined, b: string | Types.ObjectId | null | undefined) => Boolean(a && b && String(a) === String(b));

// ---- Duplicate keys ---------------------------------------------------------------------------------------------
/** A key whose lead never appeared (its writer died between the two inserts) is taken over after this long. */
const ORPHAN_KEY_MS = 60_000;

function keysOf(companyKey: string, phoneKey: string | null): string[] {
  return [`c:${companyKey}`, ...(phoneKey ? [`p:${phoneKey}`] : [])];
}

/** The live leads that share a company or phone key, as the caller may learn of them: where they sit, never whose. */
export async function findDuplicates(company: string | undefined, phone: string | undefined, except?: Types.ObjectId): Promise<DuplicateHit[]> {
  const companyKey = company ? normalizeCompanyName(company) : '';
  const phoneKey = phone ? normalizePhone(phone) : '';
  const or: FilterQuery<LeadDoc>[] = [];
  if (companyKey) or.push({ companyKey });
  if (phoneKey) or.push({ phoneKey });
  if (!or.length) return [];
  const found = await Lead.find({ $or: or, state: { $ne: 'invalid' }, ...(except ? { _id: { $ne: except } } : {}) }).limit(20).lean<LeadDoc[]>();
  if (!found.length) return [];
  const visible = new Set((await Lead.find(await leads.scope({ _id: { $in: found.map((d) => d._id) } }), { _id: 1 }).lean()).map((d) => hex(d._id)));
  return found.map((doc) => ({
    holder: duplicateHolder(doc),
    matchedOn: [...(companyKey && doc.companyKey === companyKey ? ['company' as const] : []), ...(phoneKey && doc.phoneKey === phoneKey ? ['phone' as const] : [])],
    recordId: visible.has(hex(doc._id)) ? hex(doc._id) : null,
  }));
}

const duplicateError = (duplicates: DuplicateHit[]) => new AppError(409, 'lead.duplicate', undefined, { duplicates });

/**
 * Reserves the lead's keys on the unique index. Of two people reporting the same company at once, one gets the
 * keys and the other a duplicate answer; on any refusal the keys this call took are given back.
 */
async function lockKeys(leadId: Types.ObjectId, keys: string[], company: string, phone: string | undefined): Promise<void> {
  const taken: string[] = [];
  const refuse = async () => {
    await LeadKey.deleteMany({ leadId, key: { $in: taken } });
    throw duplicateError(await findDuplicates(company, phone, leadId));
  };
  for (const key of keys) {
    for (let attempt = 0; ; attempt++) {
      try {
        await LeadKey.create({ key, leadId, createdAt: new Date() });
        taken.push(key);
        break;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        const existing = await LeadKey.findOne({ key }).lean();
        if (!existing) continue;
        if (sameId(existing.leadId, leadId)) break;
        const live = await Lead.exists({ _id: existing.leadId, state: { $ne: 'invalid' } });
        const orphan = !live && Date.now() - existing.createdAt.getTime() > ORPHAN_KEY_MS;
        if (!orphan || attempt > 0) await refuse();
        await LeadKey.deleteOne({ _id: existing._id, leadId: existing.leadId });
      }
    }
  }
}

async function releaseKeys(leadId: Types.ObjectId, keep: string[] = []): Promise<void> {
  await LeadKey.deleteMany({ leadId, key: { $nin: keep } });
}

// ---- Views ------------------------------------------------------------------------------------------------------
async function namesOf(docs: LeadDoc[]) {
  const userIds = new Set<string>();
  const partnerIds = new Set<string>();
  for (const doc of docs) {
    if (doc.ownerId) userIds.add(hex(doc.ownerId));
    doc.collaboratorIds.forEach((c) => userIds.add(hex(c)));
    if (doc.partnerId) partnerIds.add(hex(doc.partnerId));
  }
  const [users, partners] = await Promise.all([
    User.find({ _id: { $in: [...userIds].map(oid) } }, { name: 1 }).lean(),
    Partner.find({ _id: { $in: [...partnerIds].map(oid) } }, { name: 1 }).lean(),
  ]);
  return { users: new Map(users.map((u) => [hex(u._id), u.name])), partners: new Map(partners.map((p) => [hex(p._id), p.name])) };
}

function view(doc: LeadDoc, names: Awaited<ReturnType<typeof namesOf>>, can: LeadPermissions): LeadView {
  return {
    id: hex(doc._id),
    company: doc.company,
    contactName: doc.contactName,
    phone: doc.phone,
    region: { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(doc.region.district ? { district: doc.region.district } : {}) },
    source: doc.source,
    notes: doc.notes,
    state: doc.state,
    reason: doc.reason,
    partnerId: doc.partnerId ? hex(doc.partnerId) : null,
    partnerName: doc.partnerId ? names.partners.get(hex(doc.partnerId)) ?? null : null,
    ownerId: doc.ownerId ? hex(doc.ownerId) : null,
    ownerName: doc.ownerId ? names.users.get(hex(doc.ownerId)) ?? null : null,
    collaborators: doc.collaboratorIds.map((c) => ({ id: hex(c), name: names.users.get(hex(c)) ?? '' })),
    poolId: doc.poolId ? hex(doc.poolId) : null,
    approvalId: doc.approvalId ? hex(doc.approvalId) : null,
    offeredUntil: iso(doc.offeredUntil),
    takenAt: iso(doc.takenAt),
    lastFollowUpAt: iso(doc.lastFollowUpAt),
    nextFollowUpAt: iso(doc.nextFollowUpAt),
    recycleAt: iso(doc.recycleAt),
    conversion: doc.conversion
      ? {
          accountId: doc.conversion.accountId ? hex(doc.conversion.accountId) : null,
          contactId: doc.conversion.contactId ? hex(doc.conversion.contactId) : null,
          opportunityId: doc.conversion.opportunityId ? hex(doc.conversion.opportunityId) : null,
          at: doc.conversion.at.toISOString(),
        }
      : null,
    can,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export async function leadViews(docs: LeadDoc[]): Promise<LeadView[]> {
  const [names, managed] = await Promise.all([namesOf(docs), managedPartnerIds()]);
  return docs.map((doc) => view(doc, names, permissionsOn(doc, managed)));
}
export const leadView = async (doc: LeadDoc) => (await leadViews([doc]))[0];

/** The lead if the caller may see it and may do `action` with it: 404 when unseen, 409 in a wrong state, else 403. */
export async function leadFor(id: string, action: keyof LeadPermissions, allowedStates: readonly LeadDoc['state'][]): Promise<LeadDoc> {
  const doc = await leads.get(id);
  if (permissionsOn(doc, await managedPartnerIds())[action]) return doc;
  if (!allowedStates.includes(doc.state)) throw illegalTransition(doc.state, action);
  throw forbidden();
}

// ---- Capture ----------------------------------------------------------------------------------------------------
export async function createLead(input: ReturnType<typeof leadInput.parse>): Promise<LeadView> {
  const { userId, partnerId } = caller();
  if (input.poolId && partnerId) throw forbidden();
  const pool = input.poolId ? await poolOf(oid(input.poolId)) : null;
  if (input.poolId && !pool) throw invalid([{ path: 'body.poolId', code: 'invalid_reference', message: 'lead_pool_unknown' }]);
  const _id = new Types.ObjectId();
  const companyKey = normalizeCompanyName(input.company);
  const phoneKey = input.phone ? normalizePhone(input.phone) : null;
  await lockKeys(_id, keysOf(companyKey, phoneKey), input.company, input.phone);

  const now = new Date();
  let doc: LeadDoc;
  try {
    const created = await Lead.create({
      _id,
      company: input.company,
      companyKey,
      contactName: input.contactName ?? null,
      phone: input.phone ?? null,
      phoneKey,
      region: input.region,
      source: pool ? input.source : partnerId ? 'partner_report' : input.source,
      notes: input.notes ?? '',
      state: pool ? 'pooled' : 'new',
      partnerId: pool || !partnerId ? null : oid(partnerId),
      ownerId: pool ? null : oid(userId),
      poolId: pool?._id ?? null,
      takenAt: pool ? null : now,
      createdBy: oid(userId),
    });
    doc = created.toObject();
    // A partner's own lead goes through the upstream's lead-report approval when one is configured.
    if (partnerId) {
      const approval = await submitForApproval({ kind: 'lead_report', title: `线索报备：${input.company}`, content: [input.contactName, input.phone, input.notes].filter(Boolean).join('\n'), subjectId: hex(_id) });
      if (approval) doc = (await Lead.findOneAndUpdate({ _id }, { $set: { state: 'reporting', approvalId: approval._id } }, { new: true }).lean<LeadDoc>())!;
    }
  } catch (error) {
    // Nothing half written: the lead and its keys go together.
    await Lead.deleteOne({ _id });
    await releaseKeys(_id);
    throw error;
  }
  await recordEvent(doc, doc.state === 'reporting' ? 'reported' : 'created');
  if (pool && pool.distribution !== 'manual') doc = (await distribute(doc, pool)) ?? doc;
  return leadView(doc);
}

onApprovalOutcome('lead_report', async ({ subjectId, state, comment }) => {
  if (!subjectId) return;
  const _id = oid(subjectId);
  if (state === 'approved') {
    const done = await Lead.findOneAndUpdate({ _id, state: 'reporting' }, { $set: { state: 'new', takenAt: new Date() } }).lean<LeadDoc>();
    if (done) await recordEvent(done, 'report_approved', { text: comment });
  } else if (state === 'rejected' || state === 'withdrawn') {
    const done = await Lead.findOneAndUpdate({ _id, state: 'reporting' }, { $set: { state: 'invalid', reason: comment || state } }).lean<LeadDoc>();
    if (done) await recordEvent(done, 'report_rejected', { text: comment });
    await releaseKeys(_id);
  }
});

export async function checkDuplicates(query: { company?: string; phone?: string }): Promise<{ duplicates: DuplicateHit[] }> {
  return { duplicates: await findDuplicates(query.company, query.phone) };
}

export async function updateLead(id: string, patch: ReturnType<typeof leadPatch.parse>): Promise<LeadView> {
  const doc = await leadFor(id, 'edit', [...HELD_STATES, 'reporting']);
  // The approver decides on the company and phone as submitted; those wait until the report is decided.
  if (doc.state === 'reporting' && (patch.company !== undefined || patch.phone !== undefined)) throw illegalTransition(doc.state, 'edit the company or phone of');
  const set: Partial<LeadDoc> = { ...patch } as Partial<LeadDoc>;
  if (patch.company !== undefined) set.companyKey = normalizeCompanyName(patch.company);
  if (patch.phone !== undefined) set.phoneKey = normalizePhone(patch.phone);
  const keys = keysOf(set.companyKey ?? doc.companyKey, set.phoneKey !== undefined ? set.phoneKey : doc.phoneKey);
  await lockKeys(doc._id, keys, patch.company ?? doc.company, patch.phone ?? doc.phone ?? undefined);
  // Only over what the editor saw: a concurrent edit or a hand-over in between makes this one answer 409.
  const updated = await Lead.findOneAndUpdate(
    { _id: doc._id, state: doc.state, ownerId: doc.ownerId, companyKey: doc.companyKey, phoneKey: doc.phoneKey },
    { $set: set },
    { new: true },
  ).lean<LeadDoc>();
  if (!updated) {
    await LeadKey.deleteMany({ leadId: doc._id, key: { $nin: keysOf(doc.companyKey, doc.phoneKey) } });
    throw conflict('lead.changed');
  }
  await releaseKeys(doc._id, keys);
  await recordEvent(doc, 'edited');
  return leadView(updated);
}

/** The list's filters as a query (the caller's visibility is added by the repository). */
function leadFilter(query: Omit<ReturnType<typeof leadListQuery.parse>, 'cursor' | 'limit'>): FilterQuery<LeadDoc> {
  const parts: FilterQuery<LeadDoc>[] = [];
  if (query.q) {
    const text = containsText(query.q);
    parts.push({ $or: [{ company: text }, { contactName: text }, { phone: text }] });
  }
  if (query.state) parts.push({ state: query.state });
  if (query.partnerId) parts.push({ partnerId: oid(query.partnerId) });
  if (query.poolId) parts.push({ poolId: oid(query.poolId) });
  if (query.province) parts.push({ 'region.province': query.province });
  if (query.owner === 'me') {
    const me = oid(caller().userId);
    parts.push({ $or: [{ ownerId: me }, { collaboratorIds: me }] });
  } else if (query.owner) parts.push({ ownerId: oid(query.owner) });
  return parts.length ? { $and: parts } : {};
}

export async function listLeads(query: ReturnType<typeof leadListQuery.parse>): Promise<Page<LeadView>> {
  const page = await leads.page(leadFilter(query), query);
  return { items: await leadViews(page.items), nextCursor: page.nextCursor };
}

/** Rows fetched per round trip: the engine would otherwise send every remaining row in its second batch. */
const EXPORT_BATCH = 500;

const EXPORT_HEADERS: Record<Locale, string[]> = {
  'zh-CN': ['公司名称', '联系人', '联系电话', '省份代码', '城市代码', '区县代码', '来源', '状态', '所属伙伴', '负责人', '下次跟进', '创建时间'],
  'en-US': ['Company', 'Contact', 'Phone', 'Province code', 'City code', 'District code', 'Source', 'State', 'Partner', 'Owner', 'Next follow-up', 'Created'],
};
/**
 * Every lead of a filtered list as XLSX, written while it is read from a cursor and sent as it is written: a 100k-row
 * export never holds its rows in memory, and the cursor waits for a slow client instead of reading ahead of it.
 */
export async function exportLeads(query: Omit<ReturnType<typeof leadListQuery.parse>, 'cursor' | 'limit'>): Promise<Readable> {
  const { locale } = caller();
  const filter = await leads.scope(leadFilter(query));
  const [partners, users] = await Promise.all([Partner.find({}, { name: 1 }).lean(), User.find({}, { name: 1 }).lean()]);
  const partnerName = new Map(partners.map((p) => [hex(p._id), p.name]));
  const userName = new Map(users.map((u) => [hex(u._id), u.name]));
  const out = new PassThrough();
  const writer = createSheetWriter(out, 'leads', EXPORT_HEADERS[locale]);
  const fill = async () => {
    for await (const doc of Lead.find(filter).sort({ _id: -1 }).batchSize(EXPORT_BATCH).lean<LeadDoc[]>().cursor()) {
      await writer.add([
        doc.company, doc.contactName, doc.phone, doc.region.province, doc.region.city ?? null, doc.region.district ?? null, doc.source, doc.state,
        doc.partnerId ? partnerName.get(hex(doc.partnerId)) ?? null : null, doc.ownerId ? userName.get(hex(doc.ownerId)) ?? null : null,
        iso(doc.nextFollowUpAt), doc.createdAt.toISOString(),
      ]);
      if (out.destroyed) return;
    }
    await writer.finish();
  };
  fill().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

export async function getLead(id: string): Promise<LeadView> {
  return leadView(await leads.get(id));
}

/** A lead's events, read only after the lead itself was found visible (the filter below is the part of its story). */
const leadEvents = new ScopedRepository(LeadEvent, () => ({}));

export async function timeline(id: string, page: { cursor?: string; limit: number }): Promise<Page<LeadEventView>> {
  const doc = await leads.get(id);
  const { items, nextCursor } = await leadEvents.page({ leadId: doc._id, ...(await storyPart()) }, page);
  const names = await userNames(items.map((e) => e.actorId));
  return {
    items: items.map((e) => ({
      id: hex(e._id),
      type: e.type,
      kind: e.kind,
      text: e.text,
      nextFollowUpAt: iso(e.nextFollowUpAt),
      position: positionView(e.position),
      actorId: e.actorId ? hex(e.actorId) : null,
      actorName: e.actorId ? names.get(hex(e.actorId)) ?? null : null,
      at: e.at.toISOString(),
    })),
    nextCursor,
  };
}

// ---- Working a lead ---------------------------------------------------------------------------------------------
export async function addFollowUp(id: string, input: FollowUpInput): Promise<LeadView> {
  const doc = await leadFor(id, 'followUp', HELD_STATES);
  const now = new Date();
  const next = input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : null;
  if (next && next <= now) throw invalid([{ path: 'body.nextFollowUpAt', code: 'too_small', message: 'follow_up_future' }]);
  const pool = doc.poolId ? await poolOf(doc.poolId) : null;
  const updated = await Lead.findOneAndUpdate(
    { _id: doc._id, state: { $in: HELD_STATES }, ownerId: doc.ownerId },
    { $set: { state: 'following', lastFollowUpAt: now, nextFollowUpAt: next, followUpDue: next, ...deadlines(pool, doc.takenAt ?? now, now) } },
    { new: true },
  ).lean<LeadDoc>();
  if (!updated) throw conflict('lead.changed');
  await recordEvent(doc, 'follow_up', { kind: input.kind, text: input.text, nextFollowUpAt: next, position: input.position });
  // The follow-up that was due is done now, and the recycling warning has a new deadline.
  await closeHolderTodos(doc, 'done');
  return leadView(updated);
}

export async function addCollaborator(id: string, userId: string): Promise<LeadView> {
  const doc = await leadFor(id, 'collaborate', HELD_STATES);
  const user = await User.findOne({ _id: oid(userId), partnerId: doc.partnerId, status: 'active' }, { name: 1 }).lean();
  if (!user) throw invalid([{ path: 'body.userId', code: 'invalid_reference', message: 'member_active' }]);
  if (sameId(doc.ownerId, userId)) throw invalid([{ path: 'body.userId', code: 'invalid_reference', message: 'lead_owner_follows' }]);
  const updated = await Lead.findOneAndUpdate({ _id: doc._id, partnerId: doc.partnerId, state: { $in: HELD_STATES } }, { $addToSet: { collaboratorIds: user._id } }, { new: true }).lean<LeadDoc>();
  if (!updated) throw conflict('lead.changed');
  if (!doc.collaboratorIds.some((c) => sameId(c, userId))) {
    await recordEvent(doc, 'collaborator_added', { text: user.name });
    await auditLead('collaborator', doc, updated);
    await raise([{ userId: user._id, category: 'notice', kind: 'lead_collaborator', noticeKind: 'lead_assigned', sourceKey: `lead-collaborator:${id}:${userId}`, title: `邀请您协同跟进：${doc.company}`, link: leadLink(doc._id) }]);
  }
  return leadView(updated);
}

export async function removeCollaborator(id: string, userId: string): Promise<LeadView> {
  const doc = await leadFor(id, 'collaborate', HELD_STATES);
  const updated = await Lead.findOneAndUpdate({ _id: doc._id }, { $pull: { collaboratorIds: oid(userId) } }, { new: true }).lean<LeadDoc>();
  if (updated && updated.collaboratorIds.length !== doc.collaboratorIds.length) {
    const name = (await User.findOne({ _id: oid(userId) }, { name: 1 }).lean())?.name ?? '';
    await recordEvent(doc, 'collaborator_removed', { text: name });
    await auditLead('collaborator', doc, updated);
  }
  return leadView(updated ?? doc);
}

/** Ends a held lead (converted or invalid): it stops counting against holding limits, and its to-dos close. */
async function close(doc: LeadDoc, action: 'convert' | 'invalidate', set: Partial<LeadDoc>): Promise<LeadDoc> {
  const updated = await Lead.findOneAndUpdate(
    { _id: doc._id, state: doc.state, ownerId: doc.ownerId },
    { $set: { ...set, followUpDue: null, recycleAt: null, remindAt: null, offeredUntil: null } },
    { new: true },
  ).lean<LeadDoc>();
  if (!updated) throw conflict('lead.changed');
  await giveBack(heldParts(doc));
  await closeHolderTodos(doc);
  await auditLead(action, doc, updated);
  return updated;
}

/**
 * Converts a held lead: its company becomes an account held by the converter (duplicate rules apply, so a customer
 * another partner holds stops it with the masked answer), its contact a contact there; or it is linked to an account
 * the caller already sees. The account is written first and removed again if the lead changed meanwhile.
 */
export async function convertLead(id: string, accountId?: string): Promise<LeadView> {
  const doc = await leadFor(id, 'convert', HELD_STATES);
  const contact = doc.contactName ? { name: doc.contactName, title: '', phone: doc.phone ?? undefined, primary: true, notes: '' } : null;
  let account: { id: string; created: boolean };
  let contactId: string | null = null;
  if (accountId) {
    const linked = await accounts.get(accountId).catch(() => null);
    if (linked?.state !== 'active') throw invalid([{ path: 'body.accountId', code: 'invalid_reference', message: 'account_visible' }]);
    account = { id: hex(linked._id), created: false };
    if (contact) contactId = (await addContact(hex(linked._id), contact)).id;
  } else {
    const created = await createAccount(null, {
      name: doc.company, phone: doc.phone ?? undefined, region: doc.region, address: '', customerLevel: 'normal', industry: '', notes: doc.notes,
      contacts: contact ? [contact] : [], acknowledgeDuplicates: true,
    }, { source: 'lead', leadId: doc._id });
    account = { id: created.id, created: true };
    contactId = created.contacts[0]?.id ?? null;
  }
  let updated: LeadDoc;
  try {
    updated = await close(doc, 'convert', { state: 'converted', conversion: { accountId: oid(account.id), contactId: contactId ? oid(contactId) : null, opportunityId: null, at: new Date() } });
  } catch (error) {
    if (account.created) await discardAccount(account.id);
    throw error;
  }
  await recordEvent(updated, 'converted');
  return leadView(updated);
}

export async function invalidateLead(id: string, reason: string): Promise<LeadView> {
  const updated = await close(await leadFor(id, 'invalidate', HELD_STATES), 'invalidate', { state: 'invalid', reason });
  // An invalid lead no longer blocks someone else reporting the same company.
  await releaseKeys(updated._id);
  await recordEvent(updated, 'invalidated', { text: reason });
  return leadView(updated);
}

