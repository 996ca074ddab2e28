import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { FieldError } from '../../../types/errors';
import type { Level as LevelView, LevelInput, Member, MemberInput, Partner as PartnerView, PartnerInput } from '../../../types/partners';
import type { PartnerRole } from '../../../types/permissions';
import { caller } from '../../core/context';
import { AppError, illegalTransition, invalid } from '../../core/errors';
import { containsText, isObjectId } from '../../core/repository';
import { audit } from '../audit';
import { accountFilter, createAccount, patchAccount, resetPassword, revokeSessions, User, type UserDoc } from '../auth';
import { Level, type LevelDoc } from './level.model';
import { Partner, type PartnerDoc } from './partner.model';
import { levels, members, partners } from './partners.policy';

const oid = (id: string) => new Types.ObjectId(id);
const iso = (d: Date) => d.toISOString();
const idOrNull = (id: Types.ObjectId | null) => (id ? id.toHexString() : null);

function badReference(path: string): AppError {
  const error: FieldError = { path, code: 'invalid_reference', message: 'record_unknown' };
  return new AppError(400, 'resource.invalid_reference', undefined, { errors: [error] });
}

// ---- Views -----------------------------------------------------------------------------------
export function levelView(doc: LevelDoc): LevelView {
  const { name, rank, weight, leadLimit, accountLimit, maxDiscountPct } = doc;
  return { id: doc._id.toHexString(), name, rank, weight, leadLimit, accountLimit, maxDiscountPct, createdAt: iso(doc.createdAt), updatedAt: iso(doc.updatedAt) };
}

export function partnerView(doc: PartnerDoc): PartnerView {
  return {
    id: doc._id.toHexString(),
    name: doc.name,
    levelId: doc.levelId.toHexString(),
    region: { province: doc.region.province, ...(doc.region.city ? { city: doc.region.city } : {}), ...(doc.region.district ? { district: doc.region.district } : {}) },
    channelManagerId: idOrNull(doc.channelManagerId),
    contactName: doc.contactName,
    contactPhone: doc.contactPhone,
    status: doc.status,
    suspendedReason: doc.suspendedReason,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

export function memberView(doc: UserDoc): Member {
  return {
    id: doc._id.toHexString(),
    partnerId: doc.partnerId!.toHexString(),
    name: doc.name,
    username: doc.username,
    phone: doc.phone,
    role: doc.role as PartnerRole,
    leadCapacity: doc.leadCapacity,
    accountCapacity: doc.accountCapacity,
    status: doc.status,
    mustChangePassword: doc.mustChangePassword,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const pageView = <D, V>(page: Page<D>, view: (doc: D) => V): Page<V> => ({ items: page.items.map(view), nextCursor: page.nextCursor });

// ---- Levels ----------------------------------------------------------------------------------
export async function listLevels(): Promise<LevelView[]> {
  const docs = await Level.find({}).sort({ rank: 1 }).lean<LevelDoc[]>();
  return docs.map(levelView);
}

export async function createLevel(input: LevelInput): Promise<LevelView> {
  const doc = await Level.create(input);
  return levelView(doc.toObject());
}

const LEVEL_AUDITED = ['name', 'rank', 'weight', 'leadLimit', 'accountLimit', 'maxDiscountPct'] as const;
const PARTNER_AUDITED = ['name', 'levelId', 'channelManagerId', 'status', 'suspendedReason'] as const;

export async function updateLevel(id: string, patch: Partial<LevelInput>): Promise<LevelView> {
  const before = await levels.get(id);
  const after = await levels.updateVisible(id, { $set: patch });
  await audit('level.update', { type: 'level', id: after._id }, before, after, LEVEL_AUDITED);
  return levelView(after);
}

export async function deleteLevel(id: string): Promise<void> {
  const level = await levels.get(id);
  if (await Partner.exists({ levelId: level._id })) throw new AppError(409, 'resource.in_use', 'Partners are still at this level; move them first');
  await Level.deleteOne({ _id: level._id });
}

// ---- Partners --------------------------------------------------------------------------------
async function checkPartnerReferences(input: Partial<PartnerInput>): Promise<void> {
  if (input.levelId && !(await Level.exists({ _id: oid(input.levelId) }))) throw badReference('body.levelId');
  if (input.channelManagerId && !(await User.exists({ _id: oid(input.channelManagerId), role: 'channel_manager', status: 'active' }))) {
    throw badReference('body.channelManagerId');
  }
}

function assertMayAssignManager(channelManagerId: string | null | undefined): void {
  const { roles, userId } = caller();
  if (channelManagerId !== undefined && !roles.includes('admin') && channelManagerId !== userId) {
    throw invalid([{ path: 'body.channelManagerId', code: 'forbidden', message: 'channel_manager_admin_only' }]);
  }
}

export async function listPartners(query: { q?: string; status?: string; levelId?: string; channelManagerId?: string; province?: string; cursor?: string; limit: number }) {
  const filter: FilterQuery<PartnerDoc> = {};
  if (query.q) filter.name = containsText(query.q);
  if (query.status) filter.status = query.status;
  if (query.levelId) filter.levelId = oid(query.levelId);
  if (query.channelManagerId) filter.channelManagerId = oid(query.channelManagerId);
  if (query.province) filter['region.province'] = query.province;
  return pageView(await partners.page(filter, query), partnerView);
}

export async function getPartner(id: string): Promise<PartnerView> {
  return partnerView(await partners.get(id));
}

export async function createPartner(input: PartnerInput): Promise<PartnerView> {
  const { roles, userId } = caller();
  assertMayAssignManager(input.channelManagerId);
  await checkPartnerReferences(input);
  const channelManagerId = roles.includes('admin') ? input.channelManagerId ?? null : userId;
  const doc = await Partner.create({ ...input, channelManagerId: channelManagerId ? oid(channelManagerId) : null });
  return partnerView(doc.toObject());
}

export async function updatePartner(id: string, patch: Partial<PartnerInput>): Promise<PartnerView> {
  const before = await partners.get(id);
  assertMayAssignManager(patch.channelManagerId);
  await checkPartnerReferences(patch);
  const update: Record<string, unknown> = { ...patch };
  if (patch.levelId) update.levelId = oid(patch.levelId);
  if (patch.channelManagerId !== undefined) update.channelManagerId = patch.channelManagerId ? oid(patch.channelManagerId) : null;
  const after = await partners.updateVisible(id, { $set: update });
  await audit('partner.update', { type: 'partner', id: after._id }, before, after, PARTNER_AUDITED);
  return partnerView(after);
}

/** active → suspended: every login and API call of its people stops at once. */
export async function suspendPartner(id: string, reason: string): Promise<PartnerView> {
  const current = await partners.get(id);
  const doc = await partners.update(id, { $set: { status: 'suspended', suspendedReason: reason } }, { status: 'active' });
  if (!doc) throw illegalTransition(current.status, 'suspend');
  await revokeSessions({ partnerId: doc._id }, 'partner_suspended');
  await audit('partner.suspend', { type: 'partner', id: doc._id }, current, doc, PARTNER_AUDITED);
  return partnerView(doc);
}

/** suspended → active. */
export async function reactivatePartner(id: string): Promise<PartnerView> {
  const current = await partners.get(id);
  const doc = await partners.update(id, { $set: { status: 'active', suspendedReason: null } }, { status: 'suspended' });
  if (!doc) throw illegalTransition(current.status, 'reactivate');
  await audit('partner.reactivate', { type: 'partner', id: doc._id }, current, doc, PARTNER_AUDITED);
  return partnerView(doc);
}

// ---- Members ---------------------------------------------------------------------------------
export async function listMembers(query: { partnerId?: string; q?: string; status?: string; cursor?: string; limit: number }) {
  const filter: FilterQuery<UserDoc> = accountFilter(query.q);
  if (query.partnerId) filter.partnerId = oid(query.partnerId);
  if (query.status) filter.status = query.status;
  return pageView(await members.page(filter, query), memberView);
}

export async function getMember(id: string): Promise<Member> {
  return memberView(await members.get(id));
}

/** Upstream users add members to any partner they see; a partner admin only to their own company. */
export async function createMember(input: MemberInput): Promise<Member> {
  const { partnerId: ownPartner } = caller();
  const partnerId = ownPartner ?? input.partnerId;
  if (!partnerId) throw invalid([{ path: 'body.partnerId', code: 'required', message: 'partner_required' }]);
  if ((ownPartner && input.partnerId && input.partnerId !== ownPartner) || !isObjectId(partnerId)) throw badReference('body.partnerId');
  if (!(await partners.model.exists(await partners.scope({ _id: oid(partnerId) })))) throw badReference('body.partnerId');
  const user = await createAccount({ ...input, partnerId: oid(partnerId) });
  return memberView(user);
}

export async function updateMember(id: string, patch: Parameters<typeof patchAccount>[2]): Promise<Member> {
  return memberView(await patchAccount(members, id, patch));
}

export async function resetMemberPassword(id: string, initialPassword: string): Promise<Member> {
  return memberView(await resetPassword(members, id, initialPassword));
}
