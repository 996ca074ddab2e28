import { Types, type FilterQuery } from 'mongoose';
import {
  APPROVAL_FIELDS, PARTNER_LEVEL_FIELD, type Approval as ApprovalView, type ApprovalAction, type ApprovalCondition, type ApprovalFlow as FlowView,
  type ApprovalFlowInput, type ApprovalKind, type ApprovalState, type ApproverRule, type GeneralRequestInput,
} from '../../../types/approvals';
import type { Page } from '../../../types/common';
import { PAGES } from '../../../types/pages';
import { caller, runAsSystem } from '../../core/context';
import { AppError, conflict, invalid, type FieldProblem } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { ScopedRepository } from '../../core/repository';
import { audit } from '../audit';
import { User } from '../auth';
import { Partner } from '../partners';
import { closeTodos, raise } from '../todos';
import { Approval, ApprovalFlow, type ApprovalDoc, type ApprovalFlowDoc } from './approval.model';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const hex = (id: Types.ObjectId) => id.toHexString();
const iso = (date: Date) => date.toISOString();

// ---- Visibility -------------------------------------------------------------------------------------------------
/** Admins see all; a channel manager their partners' and what they take part in; partner admins their company's. */
async function visibleApprovals(): Promise<FilterQuery<ApprovalDoc>> {
  const { roles, userId, partnerId } = caller();
  const me = oid(userId);
  if (roles.includes('admin')) return {};
  if (roles.includes('channel_manager')) {
    const mine = await Partner.distinct('_id', { channelManagerId: me });
    return { $or: [{ participantIds: me }, { partnerId: { $in: mine } }] };
  }
  if (roles.includes('partner_admin') && partnerId) return { $or: [{ participantIds: me }, { partnerId: oid(partnerId) }] };
  return { participantIds: me };
}
const approvals = new ScopedRepository(Approval, visibleApprovals);
const flows = new ScopedRepository(ApprovalFlow, () => ({}));

// ---- What the owning module is told -----------------------------------------------------------------------------
export interface ApprovalOutcome {
  approvalId: string;
  kind: ApprovalKind;
  subjectId: string | null;
  /** approved / rejected / withdrawn end it; returned asks the submitter for changes; pending again after a resubmit. */
  state: ApprovalState;
  comment: string;
}
export type OutcomeHook = (outcome: ApprovalOutcome) => Promise<void>;
const hooks = new Map<ApprovalKind, OutcomeHook>();

/**
 * The one hook through which a module learns what became of its submissions. It runs in the tenant, after the
 * transition is stored, and again until it succeeds (so it must be idempotent: it may see an outcome twice).
 */
export function onApprovalOutcome(kind: ApprovalKind, hook: OutcomeHook): void {
  hooks.set(kind, hook);
}

async function tellModule(doc: ApprovalDoc): Promise<void> {
  const last = doc.history[doc.history.length - 1];
  const hook = hooks.get(doc.kind);
  if (hook) await hook({ approvalId: hex(doc._id), kind: doc.kind, subjectId: doc.subjectId ? hex(doc.subjectId) : null, state: doc.state, comment: last?.comment ?? '' });
  await Approval.updateOne({ _id: doc._id, revision: doc.revision }, { $set: { outcomePending: false } });
}

/**
 * Finishes what a transition left undone (its inbox effects, the module's hook): after a crash, or when the module
 * threw. Every step is idempotent, so finishing twice does no harm.
 */
async function finish(doc: ApprovalDoc): Promise<void> {
  if (doc.effects) {
    if (doc.effects.closeKey) await closeTodos(doc.effects.closeKey, doc.effects.closeState);
    if (doc.state === 'pending') await raiseStepTodos(doc);
    await noticeSubmitter(doc, doc.effects.comment);
    await Approval.updateOne({ _id: doc._id, revision: doc.revision }, { $set: { effects: null } });
  }
  if (doc.outcomePending) await tellModule(doc);
}

/** Finishes transitions left undone for a while. Runs across tenants (a job). */
export async function finishStaleTransitions(logger: Logger, olderThanMs = 30_000): Promise<number> {
  const stale = await Approval.collection
    .find({ $or: [{ outcomePending: true }, { effects: { $ne: null } }], updatedAt: { $lt: new Date(Date.now() - olderThanMs) } }, { limit: 500 })
    .toArray();
  for (const doc of stale as ApprovalDoc[]) {
    await runAsSystem(hex(doc.tenantId), () => finish(doc)).catch((error: unknown) =>
      logger.error({ err: error, approvalId: hex(doc._id) }, 'approvals: finishing a transition failed; retried at the next sweep'),
    );
  }
  return stale.length;
}

// ---- Flows ------------------------------------------------------------------------------------------------------
export function flowView(doc: ApprovalFlowDoc): FlowView {
  const { kind, name, priority, enabled, conditions, steps, version } = doc;
  return { id: hex(doc._id), kind, name, priority, enabled, conditions, steps, version, createdAt: iso(doc.createdAt), updatedAt: iso(doc.updatedAt) };
}

async function checkFlow(kind: ApprovalKind, conditions: ApprovalCondition[], steps: { approvers: ApproverRule[] }[]): Promise<void> {
  const errors: FieldProblem[] = [];
  conditions.forEach((condition, index) => {
    if (condition.field !== PARTNER_LEVEL_FIELD && !APPROVAL_FIELDS[kind].includes(condition.field)) {
      errors.push({ path: `body.conditions.${index}.field`, code: 'field_not_allowed', message: 'condition_field', params: { field: condition.field } });
    }
  });
  const userIds = steps.flatMap((step) => step.approvers).flatMap((rule) => (rule.type === 'user' ? [oid(rule.userId)] : []));
  const found = new Set((await User.find({ _id: { $in: userIds }, partnerId: null }, { _id: 1 }).lean()).map((u) => hex(u._id)));
  steps.forEach((step, s) =>
    step.approvers.forEach((rule, r) => {
      if (rule.type === 'user' && !found.has(rule.userId)) {
        errors.push({ path: `body.steps.${s}.approvers.${r}.userId`, code: 'invalid_reference', message: 'upstream_user_unknown' });
      }
    }),
  );
  if (errors.length) throw invalid(errors);
}

export async function listFlows(): Promise<FlowView[]> {
  return (await ApprovalFlow.find({}).sort({ kind: 1, priority: -1 }).lean<ApprovalFlowDoc[]>()).map(flowView);
}

export async function createFlow(input: ApprovalFlowInput & { conditions: ApprovalCondition[]; priority: number; enabled: boolean }): Promise<FlowView> {
  await checkFlow(input.kind, input.conditions, input.steps);
  const doc = await ApprovalFlow.create({ ...input, version: 1 });
  await audit('approval_flow.create', { type: 'approval_flow', id: doc._id }, {}, flowView(doc.toObject()), ['name', 'steps', 'conditions']);
  return flowView(doc.toObject());
}

export async function updateFlow(id: string, patch: Partial<Omit<ApprovalFlowInput, 'kind'>>): Promise<FlowView> {
  const before = await flows.get(id);
  await checkFlow(before.kind, (patch.conditions as ApprovalCondition[] | undefined) ?? before.conditions, patch.steps ?? before.steps);
  const after = await flows.updateVisible(id, { $set: patch, $inc: { version: 1 } });
  await audit('approval_flow.update', { type: 'approval_flow', id }, flowView(before), flowView(after), ['name', 'priority', 'enabled', 'conditions', 'steps']);
  return flowView(after);
}

export async function deleteFlow(id: string): Promise<void> {
  const before = await flows.get(id);
  await ApprovalFlow.deleteOne({ _id: before._id });
  await audit('approval_flow.delete', { type: 'approval_flow', id }, flowView(before), {}, ['name']);
}

function holds(condition: ApprovalCondition, facts: Record<string, number | string>): boolean {
  const fact = facts[condition.field];
  if (fact === undefined) return false;
  const value = condition.value;
  switch (condition.op) {
    case 'in':
      return Array.isArray(value) && value.includes(String(fact));
    case 'eq':
      return String(fact) === String(value);
    default: {
      if (typeof fact !== 'number' || typeof value !== 'number') return false;
      return { gt: fact > value, gte: fact >= value, lt: fact < value, lte: fact <= value }[condition.op];
    }
  }
}

async function chooseFlow(kind: ApprovalKind, facts: Record<string, number | string>): Promise<ApprovalFlowDoc | null> {
  const candidates = await ApprovalFlow.find({ kind, enabled: true }).sort({ priority: -1, _id: 1 }).lean<ApprovalFlowDoc[]>();
  return candidates.find((flow) => flow.conditions.every((condition) => holds(condition, facts))) ?? null;
}

/**
 * The people a step names, now, never the submitter (nobody approves their own request). A step that names nobody
 * else falls to the tenant's other admins, so nothing is stuck; only a tenant whose sole admin submits keeps them.
 */
async function resolveApprovers(rules: ApproverRule[], partnerId: Types.ObjectId | null, submitterId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const ids: Types.ObjectId[] = [];
  for (const rule of rules) {
    if (rule.type === 'user') ids.push(...(await User.find({ _id: oid(rule.userId), status: 'active' }, { _id: 1 }).lean()).map((u) => u._id));
    if (rule.type === 'role') ids.push(...(await User.find({ role: rule.role, partnerId: null, status: 'active' }, { _id: 1 }).lean()).map((u) => u._id));
    if (rule.type === 'channel_manager' && partnerId) {
      const partner = await Partner.findOne({ _id: partnerId }, { channelManagerId: 1 }).lean();
      if (partner?.channelManagerId) ids.push(partner.channelManagerId);
    }
  }
  const others = (list: Types.ObjectId[]) => list.filter((id) => !id.equals(submitterId));
  let chosen = others(ids);
  if (!chosen.length) {
    const admins = (await User.find({ role: 'admin', partnerId: null, status: 'active' }, { _id: 1 }).lean()).map((u) => u._id);
    chosen = others(admins).length ? others(admins) : admins;
  }
  return [...new Map(chosen.map((id) => [hex(id), id])).values()];
}

/** The flow for these facts (or the fallback) with each step's approvers resolved; null when none applies. */
async function route(kind: ApprovalKind, facts: Record<string, number | string>, partnerId: Types.ObjectId | null, submitterId: Types.ObjectId, fallback?: ApprovalFlowDoc['steps']) {
  const flow = await chooseFlow(kind, facts);
  const definition = flow?.steps ?? fallback;
  if (!definition) return null;
  const steps = [];
  for (const step of definition) steps.push({ name: step.name, approverIds: await resolveApprovers(step.approvers, partnerId, submitterId) });
  const flowRef = flow ? { id: flow._id, name: flow.name, version: flow.version } : { id: new Types.ObjectId('000000000000000000000000'), name: '默认流程', version: 0 };
  return { steps, flow: flowRef };
}

// ---- Inbox items ------------------------------------------------------------------------------------------------
const todoKey = (doc: Pick<ApprovalDoc, '_id' | 'round' | 'currentStep'>) => `approval:${hex(doc._id)}:${doc.round}:${doc.currentStep}`;
const approvalLink = (doc: Pick<ApprovalDoc, '_id'>) => ({ page: PAGES.approval, params: { id: hex(doc._id) } });

async function raiseStepTodos(doc: ApprovalDoc): Promise<void> {
  const step = doc.steps[doc.currentStep];
  await raise(
    step.approverIds.map((userId) => ({
      userId,
      category: 'todo' as const,
      kind: 'approval',
      noticeKind: 'todo' as const,
      sourceKey: todoKey(doc),
      title: `待审批：${doc.title}`,
      body: step.name,
      link: approvalLink(doc),
    })),
  );
}

const RESULT_TEXT: Partial<Record<ApprovalState, string>> = { approved: '已通过', rejected: '未通过', returned: '被退回修改' };

async function noticeSubmitter(doc: ApprovalDoc, comment: string): Promise<void> {
  const text = RESULT_TEXT[doc.state];
  if (!text) return;
  await raise([
    {
      userId: doc.submitterId,
      category: 'notice',
      kind: 'approval_result',
      noticeKind: 'approval_result',
      sourceKey: `approval:${hex(doc._id)}:${doc.revision}`,
      title: `${doc.title} ${text}`,
      body: comment || doc.steps[doc.currentStep]?.name || '',
      link: approvalLink(doc),
    },
  ]);
}

// ---- Submissions ------------------------------------------------------------------------------------------------
export interface Submission {
  kind: ApprovalKind;
  title: string;
  content?: string;
  /** The facts conditions test (amounts in fen); the partner's level is added here. */
  facts?: Record<string, number | string>;
  subjectId?: string;
  /** The approval's id, chosen by the module so it can record it on its subject before the approval exists. */
  id?: Types.ObjectId;
}

/**
 * Sends something for approval as the caller. Answers null when no flow applies: the kind needs no approval then,
 * and the module goes ahead. `fallback` steps are used instead of "no approval" (a general request always needs one).
 */
export async function submitForApproval(submission: Submission, fallback?: ApprovalFlowDoc['steps']): Promise<ApprovalDoc | null> {
  const { userId, partnerId } = caller();
  const partner = partnerId ? await Partner.findOne({ _id: oid(partnerId) }, { levelId: 1 }).lean() : null;
  const facts = { ...submission.facts, ...(partner ? { [PARTNER_LEVEL_FIELD]: hex(partner.levelId) } : {}) };
  const partnerOid = partnerId ? oid(partnerId) : null;
  const me = oid(userId);
  const routed = await route(submission.kind, facts, partnerOid, me, fallback);
  if (!routed) return null;
  const { steps, flow } = routed;
  const created = await Approval.create({
    ...(submission.id ? { _id: submission.id } : {}),
    kind: submission.kind,
    title: submission.title,
    content: submission.content ?? '',
    facts,
    subjectId: submission.subjectId ? oid(submission.subjectId) : null,
    partnerId: partnerOid,
    submitterId: me,
    state: 'pending',
    currentStep: 0,
    round: 1,
    revision: 0,
    steps,
    currentApproverIds: steps[0].approverIds,
    participantIds: [me, ...steps.flatMap((s) => s.approverIds)],
    deciderIds: [],
    flow,
    history: [{ action: 'submit', by: me, step: 0, comment: '', at: new Date() }],
    effects: { closeKey: null, closeState: 'done', comment: '' },
  });
  const doc = created.toObject();
  await audit('approval.submit', { type: 'approval', id: doc._id }, {}, { state: doc.state, flowVersion: doc.flow.version }, ['state', 'flowVersion']);
  await finish(doc).catch(() => undefined); // the sweep raises the to-dos if this fails
  return doc;
}

/** With no flow configured, a general request goes to the partner's channel manager (or the admins). */
const GENERAL_FALLBACK = [{ name: '渠道经理审批', approvers: [{ type: 'channel_manager' as const }] }];

export async function submitGeneralRequest(input: GeneralRequestInput): Promise<ApprovalView> {
  const doc = await submitForApproval(
    { kind: 'general_request', title: input.title, content: input.content, facts: input.amount === undefined ? {} : { amount: input.amount } },
    GENERAL_FALLBACK,
  );
  return approvalView(doc!);
}

// ---- Transitions ------------------------------------------------------------------------------------------------
/**
 * Applies one transition as a single conditional update on the revision the caller saw: of two people acting at
 * once, one wins and the other gets 409. Then the to-dos, the notice, the audit entry and the module's hook follow.
 */
async function transition(before: ApprovalDoc, action: ApprovalAction, comment: string, set: Partial<ApprovalDoc>): Promise<ApprovalDoc> {
  const me = oid(caller().userId);
  const entry = { action, by: me, step: before.currentStep, comment, at: new Date() };
  const terminal = set.state !== undefined && set.state !== 'pending';
  const after = await Approval.findOneAndUpdate(
    { _id: before._id, revision: before.revision, state: before.state },
    {
      // A hook still owed from an earlier transition stays owed (the sweep then tells the current state).
      $set: {
        ...set,
        ...(set.state && set.state !== 'pending' ? { currentApproverIds: [] } : {}),
        outcomePending: before.outcomePending || terminal || action === 'resubmit',
        effects: { closeKey: todoKey(before), closeState: action === 'withdraw' ? 'cancelled' : 'done', comment },
      },
      $inc: { revision: 1 },
      $push: { history: entry },
      ...(['approve', 'reject', 'return'].includes(action) ? { $addToSet: { deciderIds: me } } : {}),
    },
    { new: true },
  ).lean<ApprovalDoc>();
  if (!after) throw conflict('approval.not_pending');
  await audit(`approval.${action}`, { type: 'approval', id: after._id }, { state: before.state, step: before.currentStep }, { state: after.state, step: after.currentStep }, ['state', 'step']);
  // If this fails (the module's hook throws, the database goes away), the transition stands and the sweep job
  // finishes it (and logs why).
  await finish(after).catch(() => undefined);
  return after;
}

async function decidable(id: string): Promise<ApprovalDoc> {
  const doc = await approvals.get(id);
  if (doc.state !== 'pending') throw conflict('approval.not_pending');
  if (!doc.currentApproverIds.some((approver) => approver.equals(caller().userId))) throw conflict('approval.not_your_step');
  return doc;
}

export async function decide(id: string, decision: 'approve' | 'reject' | 'return', comment: string): Promise<ApprovalView> {
  const doc = await decidable(id);
  let set: Partial<ApprovalDoc>;
  if (decision === 'approve') {
    const next = doc.currentStep + 1;
    set = next < doc.steps.length ? { currentStep: next, currentApproverIds: doc.steps[next].approverIds } : { state: 'approved' };
  } else {
    set = { state: decision === 'reject' ? 'rejected' : 'returned' };
  }
  return approvalView(await transition(doc, decision, comment, set));
}

async function submitted(id: string): Promise<ApprovalDoc> {
  const doc = await approvals.get(id);
  if (!doc.submitterId.equals(caller().userId)) throw conflict('approval.not_submitter');
  return doc;
}

export async function withdraw(id: string, comment: string): Promise<ApprovalView> {
  const doc = await submitted(id);
  if (doc.state !== 'pending' && doc.state !== 'returned') throw conflict('approval.not_pending');
  return approvalView(await transition(doc, 'withdraw', comment, { state: 'withdrawn' }));
}

export async function resubmit(id: string, changes: Partial<GeneralRequestInput> & { comment: string }): Promise<ApprovalView> {
  const doc = await submitted(id);
  if (doc.state !== 'returned') throw new AppError(409, 'state.illegal_transition', `Cannot resubmit while ${doc.state}`);
  const facts = changes.amount === undefined ? doc.facts : { ...doc.facts, amount: changes.amount };
  // Changed facts are routed afresh: a larger amount must meet the approvers a larger amount needs. Unchanged
  // facts keep the steps the approval started with.
  const factsChanged = JSON.stringify(facts) !== JSON.stringify(doc.facts);
  const rerouted = factsChanged ? await route(doc.kind, facts, doc.partnerId, doc.submitterId, doc.kind === 'general_request' ? GENERAL_FALLBACK : undefined) : null;
  const steps = rerouted?.steps ?? doc.steps;
  const set: Partial<ApprovalDoc> = {
    state: 'pending',
    currentStep: 0,
    round: doc.round + 1,
    currentApproverIds: steps[0].approverIds,
    facts,
    ...(rerouted ? { steps, flow: rerouted.flow, participantIds: [...doc.participantIds, ...steps.flatMap((step) => step.approverIds)] } : {}),
    ...(changes.title ? { title: changes.title } : {}),
    ...(changes.content !== undefined ? { content: changes.content } : {}),
  };
  return approvalView(await transition(doc, 'resubmit', changes.comment, set));
}

// ---- Reading ----------------------------------------------------------------------------------------------------
export async function getApproval(id: string): Promise<ApprovalView> {
  return approvalView(await approvals.get(id));
}

export async function listApprovals(query: { box: string; state?: string; kind?: string; cursor?: string; limit: number }): Promise<Page<ApprovalView>> {
  const me = oid(caller().userId);
  const box: Record<string, FilterQuery<ApprovalDoc>> = { mine: { submitterId: me }, todo: { currentApproverIds: me }, done: { deciderIds: me }, all: {} };
  const filter: FilterQuery<ApprovalDoc> = { ...box[query.box], ...(query.state ? { state: query.state } : {}), ...(query.kind ? { kind: query.kind } : {}) };
  const page = await approvals.page(filter, query);
  const names = await namesOf(page.items);
  return { items: await Promise.all(page.items.map((doc) => approvalView(doc, names))), nextCursor: page.nextCursor };
}

async function namesOf(docs: ApprovalDoc[]): Promise<Map<string, string>> {
  const ids = docs.flatMap((doc) => [doc.submitterId, ...doc.participantIds, ...doc.history.map((h) => h.by)]);
  const users = await User.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(users.map((u) => [hex(u._id), u.name]));
}

export async function approvalView(doc: ApprovalDoc, names?: Map<string, string>): Promise<ApprovalView> {
  const known = names ?? (await namesOf([doc]));
  const person = (id: Types.ObjectId) => ({ id: hex(id), name: known.get(hex(id)) ?? '' });
  const me = caller().userId;
  const isSubmitter = doc.submitterId.equals(me);
  return {
    id: hex(doc._id),
    kind: doc.kind,
    title: doc.title,
    content: doc.content,
    facts: doc.facts,
    subjectId: doc.subjectId ? hex(doc.subjectId) : null,
    partnerId: doc.partnerId ? hex(doc.partnerId) : null,
    submitter: person(doc.submitterId),
    state: doc.state,
    currentStep: doc.currentStep,
    steps: doc.steps.map((step) => ({ name: step.name, approvers: step.approverIds.map(person) })),
    flow: { id: hex(doc.flow.id), name: doc.flow.name, version: doc.flow.version },
    history: doc.history.map((h) => ({ action: h.action, by: person(h.by), step: h.step, comment: h.comment, at: iso(h.at) })),
    can: {
      decide: doc.state === 'pending' && doc.currentApproverIds.some((id) => id.equals(me)),
      withdraw: isSubmitter && (doc.state === 'pending' || doc.state === 'returned'),
      resubmit: isSubmitter && doc.state === 'returned',
    },
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}
