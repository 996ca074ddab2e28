import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { FollowUpInput } from '../../../types/leads';
import type { Opportunity as OpportunityView, OpportunityEvent as OpportunityEventView, OpportunityEventType } from '../../../types/opportunities';
import { closeBody, moveStageBody, opportunityInput, opportunityListQuery, opportunityPatch } from '../../../types/opportunities';
import { PAGES } from '../../../types/pages';
import { caller } from '../../core/context';
import { AppError, conflict, invalid } from '../../core/errors';
import { containsText } from '../../core/repository';
import { accounts } from '../accounts/accounts.policy';
import { Lead } from '../leads';
import { leads } from '../leads/leads.policy';
import { onApprovalOutcome, submitForApproval } from '../approvals';
import { audit } from '../audit/audit.service';
import { timeline as timelineOf } from '../audit/timeline';
import { User, userNames } from '../auth';
import { Partner } from '../partners';
import { managedPartnerIds } from '../partners/partners.policy';
import { raise } from '../todos';
import { Opportunity, SalesProcess, type OpportunityDoc, type SalesProcessDoc } from './opportunity.model';
import { opportunities, opportunityFor, permissionsOn, type OpportunityPermissions } from './opportunities.policy';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const hex = (id: Types.ObjectId) => id.toHexString();
const DAY_MS = 86_400_000;
export const opportunityLink = (id: Types.ObjectId) => ({ page: PAGES.opportunity, params: { id: hex(id) } });

// ---- Timeline and audit -----------------------------------------------------------------------------------------
/** An opportunity's timeline; a partner reads only its part. */
const opportunityTimeline = timelineOf<OpportunityEventType>('OpportunityEvent');
export const recordEvent = opportunityTimeline.record;

const AUDITED = ['state', 'ownerId', 'partnerId', 'collaboratorIds', 'stageIndex', 'amount', 'protectedUntil'] as const;
const auditOpportunity = (action: string, before: OpportunityDoc, after: OpportunityDoc) => audit(`opportunity.${action}`, { type: 'opportunity', id: before._id }, before, after, AUDITED);

// ---- Views ------------------------------------------------------------------------------------------------------
export const isProtected = (doc: Pick<OpportunityDoc, 'state' | 'protectedUntil'>, now = Date.now()) => doc.state === 'open' && Boolean(doc.protectedUntil) && doc.protectedUntil!.getTime() > now;

function view(doc: OpportunityDoc, names: Map<string, string>, partners: Map<string, string>, can: OpportunityPermissions): OpportunityView {
  const tasksDone: Record<string, string[]> = {};
  for (const done of doc.tasksDone) {
    const [stageKey, taskKey] = done.split('.');
    (tasksDone[stageKey] ??= []).push(taskKey);
  }
  return {
    id: hex(doc._id),
    name: doc.name,
    accountId: hex(doc.accountId),
    accountName: doc.accountName,
    amount: doc.amount,
    expectedCloseDate: doc.expectedCloseDate,
    decisionMaker: doc.decisionMaker,
    budget: doc.budget,
    competitor: doc.competitor,
    notes: doc.notes,
    state: doc.state,
    reason: doc.reason,
    closeDate: doc.closeDate,
    partnerId: doc.partnerId ? hex(doc.partnerId) : null,
    partnerName: doc.partnerId ? partners.get(hex(doc.partnerId)) ?? null : null,
    ownerId: hex(doc.ownerId),
    ownerName: names.get(hex(doc.ownerId)) ?? null,
    collaborators: doc.collaboratorIds.map((c) => ({ id: hex(c), name: names.get(hex(c)) ?? '' })),
    approvalId: doc.approvalId ? hex(doc.approvalId) : null,
    process: {
      id: hex(doc.process.id), name: doc.process.name, version: doc.process.version,
      stages: doc.process.stages.map((s) => ({ key: s.key, name: s.name, probability: s.probability, tasks: s.tasks.map((t) => ({ key: t.key, kind: t.kind, label: t.label, ...(t.field ? { field: t.field } : {}) })) })),
    },
    stage: doc.process.stages[doc.stageIndex].key,
    stageIndex: doc.stageIndex,
    probability: doc.process.stages[doc.stageIndex].probability,
    tasksDone,
    attachments: doc.attachments.map((a) => ({ id: hex(a.fileId), filename: a.filename, taskKey: a.taskKey, at: a.at.toISOString() })),
    protected: isProtected(doc),
    protectedUntil: doc.protectedUntil ? doc.protectedUntil.toISOString() : null,
    can,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export async function opportunityViews(docs: OpportunityDoc[]): Promise<OpportunityView[]> {
  const [names, partners, managed] = await Promise.all([
    userNames(docs.flatMap((d) => [d.ownerId, ...d.collaboratorIds])),
    Partner.find({ _id: { $in: docs.flatMap((d) => (d.partnerId ? [d.partnerId] : [])) } }, { name: 1 }).lean(),
    managedPartnerIds(),
  ]);
  const partnerNames = new Map(partners.map((p) => [hex(p._id), p.name]));
  return docs.map((doc) => view(doc, names, partnerNames, permissionsOn(doc, managed)));
}
const opportunityView = async (doc: OpportunityDoc) => (await opportunityViews([doc]))[0];

// ---- Filing -----------------------------------------------------------------------------------------------------
/**
 * The process a new opportunity follows: an active one made for the partner's level, else an active one for every
 * level; the newest of those. Upstream staff's own opportunities follow a process for every level.
 */
async function processFor(levelId: Types.ObjectId | null): Promise<SalesProcessDoc> {
  const active = await SalesProcess.find({ active: true }).sort({ updatedAt: -1 }).lean<SalesProcessDoc[]>();
  const process = (levelId && active.find((p) => p.levelIds.some((l) => l.equals(levelId)))) || active.find((p) => !p.levelIds.length);
  if (!process) throw conflict('opportunity.no_process');
  return process;
}

/**
 * Files an opportunity on an account the caller sees. A partner's runs the "opportunity filing" approval when one is
 * configured and cannot advance until it is approved; approved (or needing none), it is a protected registration for
 * the process's registration days. Another partner's protected opportunity on the same customer stops it.
 */
export async function createOpportunity(input: ReturnType<typeof opportunityInput.parse>): Promise<OpportunityView> {
  const { userId, partnerId } = caller();
  const account = await accounts.get(input.accountId).catch(() => null);
  if (account?.state !== 'active') throw invalid([{ path: 'body.accountId', code: 'invalid_reference', message: 'account_held' }]);
  const partner = partnerId ? await Partner.findOne({ _id: oid(partnerId) }, { levelId: 1 }).lean() : null;
  const rival = await Opportunity.findOne({ accountId: account._id, state: 'open', protectedUntil: { $gt: new Date() }, partnerId: { $ne: partnerId ? oid(partnerId) : null } }, { _id: 1 }).lean();
  if (rival) throw conflict('opportunity.protected');
  const process = await processFor(partner?.levelId ?? null);
  const _id = new Types.ObjectId();
  // From a converted lead: the lead must be one the caller sees, converted into this very account, and not followed
  // up yet. It is claimed for this opportunity first, in one conditional update, so two submissions make one.
  const lead = input.leadId
    ? await Lead.findOneAndUpdate(
        await leads.scope({ _id: oid(input.leadId), state: 'converted', 'conversion.accountId': account._id, 'conversion.opportunityId': null }),
        { $set: { 'conversion.opportunityId': _id } },
        { new: true },
      ).lean()
    : null;
  if (input.leadId && !lead) throw invalid([{ path: 'body.leadId', code: 'invalid_reference', message: 'lead_converted_here' }]);
  const releaseLead = () => (lead ? Lead.updateOne({ _id: lead._id, 'conversion.opportunityId': _id }, { $set: { 'conversion.opportunityId': null } }) : null);
  const created = await Opportunity.create({
      _id,
      name: input.name,
      accountId: account._id,
      accountName: account.name,
      amount: input.amount ?? null,
      expectedCloseDate: input.expectedCloseDate ?? null,
      closeMonth: input.expectedCloseDate?.slice(0, 7) ?? null,
      decisionMaker: input.decisionMaker,
      budget: input.budget,
      competitor: input.competitor,
      notes: input.notes,
      // A partner's opportunity is a filing until it is decided (or found to need no decision), so no crash leaves it
      // open and unfiled.
      state: partnerId ? 'filing' : 'open',
      partnerId: partnerId ? oid(partnerId) : null,
      partnerLevelId: partner?.levelId ?? null,
      ownerId: oid(userId),
      process: { id: process._id, name: process.name, version: process.version, stages: process.stages, registrationDays: process.registrationDays },
      stageKey: process.stages[0].key,
      leadId: input.leadId ? oid(input.leadId) : null,
      createdBy: oid(userId),
    })
    .then((made) => made.toObject() as OpportunityDoc)
    .catch(async (error: unknown) => {
      await releaseLead();
      throw error;
    });
  let doc = created;
  try {
    const approval = partnerId
      ? await submitForApproval({ kind: 'opportunity_filing', title: `商机报备：${input.name}`, content: `${account.name}${input.amount ? ` · ¥${(input.amount / 100).toFixed(2)}` : ''}`, facts: { amount: input.amount ?? 0 }, subjectId: hex(_id) })
      : null;
    if (approval) doc = (await Opportunity.findOneAndUpdate({ _id }, { $set: { approvalId: approval._id } }, { new: true }).lean<OpportunityDoc>())!;
    else if (partnerId) {
      doc = (await Opportunity.findOneAndUpdate({ _id, state: 'filing' }, { $set: { state: 'open', protectedUntil: new Date(Date.now() + process.registrationDays * DAY_MS) } }, { new: true }).lean<OpportunityDoc>())!;
    }
  } catch (error) {
    await Opportunity.deleteOne({ _id });
    await releaseLead();
    throw error;
  }
  await recordEvent(doc, doc.state === 'filing' ? 'filed' : 'created');
  return opportunityView(doc);
}

onApprovalOutcome('opportunity_filing', async ({ subjectId, state, comment }) => {
  if (!subjectId) return;
  const _id = oid(subjectId);
  if (state === 'approved') {
    const pending = await Opportunity.findOne({ _id, state: 'filing' }).lean<OpportunityDoc>();
    if (!pending) return;
    const done = await Opportunity.findOneAndUpdate(
      { _id, state: 'filing' },
      { $set: { state: 'open', protectedUntil: new Date(Date.now() + pending.process.registrationDays * DAY_MS) } },
      { new: true },
    ).lean<OpportunityDoc>();
    if (done) await recordEvent(done, 'filing_approved', { text: comment });
  } else if (state === 'rejected' || state === 'withdrawn') {
    const done = await Opportunity.findOneAndUpdate({ _id, state: 'filing' }, { $set: { state: 'rejected', reason: comment || state } }, { new: true }).lean<OpportunityDoc>();
    if (done) await recordEvent(done, 'filing_rejected', { text: comment });
  }
});

// ---- Reading ----------------------------------------------------------------------------------------------------
export function opportunityFilter(query: Partial<ReturnType<typeof opportunityListQuery.parse>>): FilterQuery<OpportunityDoc> {
  const parts: FilterQuery<OpportunityDoc>[] = [];
  if (query.q) {
    const text = containsText(query.q);
    parts.push({ $or: [{ name: text }, { accountName: text }] });
  }
  if (query.state) parts.push({ state: query.state });
  if (query.partnerId) parts.push({ partnerId: oid(query.partnerId) });
  if (query.levelId) parts.push({ partnerLevelId: oid(query.levelId) });
  if (query.accountId) parts.push({ accountId: oid(query.accountId) });
  if (query.stage) parts.push({ stageKey: query.stage });
  if (query.owner === 'me') {
    const me = oid(caller().userId);
    parts.push({ $or: [{ ownerId: me }, { collaboratorIds: me }] });
  } else if (query.owner) parts.push({ ownerId: oid(query.owner) });
  return parts.length ? { $and: parts } : {};
}

export async function listOpportunities(query: ReturnType<typeof opportunityListQuery.parse>): Promise<Page<OpportunityView>> {
  const page = await opportunities.page(opportunityFilter(query), query);
  return { items: await opportunityViews(page.items), nextCursor: page.nextCursor };
}

export async function getOpportunity(id: string): Promise<OpportunityView> {
  return opportunityView(await opportunities.get(id));
}

export async function timeline(id: string, page: { cursor?: string; limit: number }): Promise<Page<OpportunityEventView>> {
  return opportunityTimeline.page((await opportunities.get(id))._id, page);
}

// ---- Working it ---------------------------------------------------------------------------------------------------
/**
 * A conditional update on exactly what the caller saw (every write bumps `updatedAt`): a change in between (a task
 * unticked, a field cleared, a stage moved) answers 409 instead of being acted on as it was.
 */
async function apply(doc: OpportunityDoc, update: object): Promise<OpportunityDoc> {
  const updated = await Opportunity.findOneAndUpdate({ _id: doc._id, state: doc.state, stageIndex: doc.stageIndex, updatedAt: doc.updatedAt }, update, { new: true }).lean<OpportunityDoc>();
  if (!updated) throw conflict('opportunity.changed');
  return updated;
}

export async function updateOpportunity(id: string, patch: ReturnType<typeof opportunityPatch.parse>): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'edit', ['open', 'filing']);
  // The approver decides on the amount as filed.
  if (doc.state === 'filing' && patch.amount !== undefined && patch.amount !== doc.amount) throw new AppError(409, 'state.illegal_transition', 'The amount waits until the filing is decided');
  const set: Partial<OpportunityDoc> = { ...patch };
  if (patch.expectedCloseDate !== undefined) set.closeMonth = patch.expectedCloseDate.slice(0, 7);
  const updated = await apply(doc, { $set: set });
  await recordEvent(doc, 'edited');
  await auditOpportunity('edit', doc, updated);
  return opportunityView(updated);
}

/** Ticks a checklist item off (or on again). Field and attachment tasks are done by filling the field or attaching. */
export async function setTask(id: string, taskKey: string, done: boolean): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'advance', ['open']);
  const stage = doc.process.stages[doc.stageIndex];
  const task = stage.tasks.find((t) => t.key === taskKey);
  if (!task) throw invalid([{ path: 'params.taskKey', code: 'invalid_reference', message: 'task_unknown' }]);
  if (task.kind !== 'checklist') throw invalid([{ path: 'params.taskKey', code: 'not_allowed', message: 'task_not_checklist' }]);
  const mark = `${stage.key}.${task.key}`;
  const updated = await apply(doc, done ? { $addToSet: { tasksDone: mark } } : { $pull: { tasksDone: mark } });
  await recordEvent(doc, done ? 'task_done' : 'task_undone', { text: task.label });
  return opportunityView(updated);
}

/** The current stage's tasks that are not done yet: checklist items ticked, fields filled, files attached. */
export function undoneTasks(doc: OpportunityDoc): string[] {
  const stage = doc.process.stages[doc.stageIndex];
  return stage.tasks
    .filter((task) => {
      if (task.kind === 'checklist') return !doc.tasksDone.includes(`${stage.key}.${task.key}`);
      if (task.kind === 'field') {
        const value = doc[task.field!];
        return value === null || value === undefined || value === '';
      }
      return !doc.attachments.some((a) => a.taskKey === `${stage.key}.${task.key}`);
    })
    .map((task) => task.label);
}

/**
 * Moves to the next stage once the current one's tasks are done, or back to any earlier stage with a reason. A
 * filing waiting for approval cannot move.
 */
export async function moveStage(id: string, { stage: target, reason }: ReturnType<typeof moveStageBody.parse>): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'advance', ['open']);
  const index = doc.process.stages.findIndex((s) => s.key === target);
  if (index < 0) throw invalid([{ path: 'body.stage', code: 'invalid_reference', message: 'stage_unknown' }]);
  if (index === doc.stageIndex) return opportunityView(doc);
  if (index > doc.stageIndex) {
    if (index !== doc.stageIndex + 1) throw conflict('opportunity.stage_skip');
    const undone = undoneTasks(doc);
    if (undone.length) throw new AppError(409, 'opportunity.tasks_undone', undone.join('、'));
  } else if (!reason) throw conflict('opportunity.reason_required');
  const updated = await apply(doc, { $set: { stageIndex: index, stageKey: target }, $max: { reachedIndex: index } });
  await recordEvent(doc, index > doc.stageIndex ? 'stage_forward' : 'stage_back', { text: [doc.process.stages[index].name, reason].filter(Boolean).join('：') });
  await auditOpportunity('stage', doc, updated);
  return opportunityView(updated);
}

export async function closeOpportunity(id: string, { outcome, reason, amount, closeDate }: ReturnType<typeof closeBody.parse>): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'close', ['open']);
  // A won deal went the whole way: the funnel counts it at every stage.
  const reached = outcome === 'won' ? { $max: { reachedIndex: doc.process.stages.length - 1 } } : {};
  const updated = await apply(doc, { $set: { state: outcome, reason, amount, closeDate, closeMonth: closeDate.slice(0, 7) }, ...reached });
  await recordEvent(doc, outcome, { text: reason });
  await auditOpportunity(outcome === 'won' ? 'win' : 'lose', doc, updated);
  return opportunityView(updated);
}

export async function addFollowUp(id: string, input: FollowUpInput): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'followUp', ['open', 'filing']);
  await recordEvent(doc, 'follow_up', { kind: input.kind, text: input.text, position: input.position });
  return opportunityView(await opportunities.get(id));
}

export async function addCollaborator(id: string, userId: string): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'collaborate', ['open']);
  const user = await User.findOne({ _id: oid(userId), partnerId: doc.partnerId, status: 'active' }, { name: 1 }).lean();
  if (!user || user._id.equals(doc.ownerId)) throw invalid([{ path: 'body.userId', code: 'invalid_reference', message: 'member_other' }]);
  const updated = await apply(doc, { $addToSet: { collaboratorIds: user._id } });
  if (!doc.collaboratorIds.some((c) => c.equals(user._id))) {
    await recordEvent(doc, 'collaborator_added', { text: user.name });
    await auditOpportunity('collaborator', doc, updated);
    await raise([{ userId: user._id, category: 'notice', kind: 'opportunity_collaborator', noticeKind: 'lead_assigned', sourceKey: `opportunity-collaborator:${id}:${userId}`, title: `邀请您协同跟进商机：${doc.name}`, link: opportunityLink(doc._id) }]);
  }
  return opportunityView(updated);
}

export async function removeCollaborator(id: string, userId: string): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'collaborate', ['open']);
  const updated = await apply(doc, { $pull: { collaboratorIds: oid(userId) } });
  if (updated.collaboratorIds.length !== doc.collaboratorIds.length) {
    await recordEvent(doc, 'collaborator_removed', { text: (await userNames([oid(userId)])).get(userId) ?? '' });
    await auditOpportunity('collaborator', doc, updated);
  }
  return opportunityView(updated);
}

/** The channel manager (or an admin) gives a registration more time; a lapsed one is protected again. */
export async function extendProtection(id: string, days: number): Promise<OpportunityView> {
  const doc = await opportunityFor(id, 'extend', ['open']);
  const from = Math.max(Date.now(), doc.protectedUntil?.getTime() ?? 0);
  const updated = await apply(doc, { $set: { protectedUntil: new Date(from + days * DAY_MS), lapsedAt: null } });
  await recordEvent(doc, 'protection_extended', { text: `${days} 天` });
  await auditOpportunity('extend', doc, updated);
  return opportunityView(updated);
}
