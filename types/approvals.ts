import { z } from 'zod';
import { objectId, pageQuery, timestamps, trimmed } from './common';
import { UPSTREAM_ROLES } from './permissions';

/**
 * What can be sent for approval. Each kind belongs to a module (leads, accounts, opportunities, quotes) that submits
 * it and is told the outcome; `general_request` is a partner's free-form request (funds, support, exceptions).
 */
export const APPROVAL_KINDS = ['general_request', 'lead_report', 'account_report', 'opportunity_filing', 'quote_discount'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/**
 * The facts a flow's conditions may test, per kind. Amounts are in fen; percentages are whole points. Every kind
 * can also test the submitting partner's level (`partnerLevelId`).
 */
export const APPROVAL_FIELDS: Record<ApprovalKind, readonly string[]> = {
  general_request: ['amount'],
  lead_report: [],
  account_report: [],
  opportunity_filing: ['amount'],
  quote_discount: ['amount', 'discountPct', 'discountOverAllowancePct'],
};
export const PARTNER_LEVEL_FIELD = 'partnerLevelId';

export const CONDITION_OPS = ['eq', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
export const approvalCondition = z
  .strictObject({
    field: z.string().regex(/^[A-Za-z]\w{0,39}$/),
    op: z.enum(CONDITION_OPS),
    value: z.union([z.number().int(), objectId, z.array(objectId).min(1).max(50)]),
  })
  .refine((c) => (c.op === 'in') === Array.isArray(c.value), { path: ['value'], message: 'condition_in_list' })
  .refine((c) => (c.field === PARTNER_LEVEL_FIELD) === (typeof c.value !== 'number'), {
    path: ['value'],
    message: 'condition_values',
  });
export type ApprovalCondition = z.infer<typeof approvalCondition>;

/** Who decides a step: a named person, the submitting partner's channel manager, or everyone with an upstream role. */
export const approverRule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), userId: objectId }),
  z.strictObject({ type: z.literal('channel_manager') }),
  z.strictObject({ type: z.literal('role'), role: z.enum(UPSTREAM_ROLES) }),
]);
export type ApproverRule = z.infer<typeof approverRule>;

export const approvalStepInput = z.strictObject({
  name: trimmed(40),
  approvers: z.array(approverRule).min(1).max(10),
});

/**
 * A flow applies to a submission of its kind when all its conditions hold; among those, the highest priority wins.
 * A kind with no applicable flow needs no approval. Editing a flow starts a new version; running approvals keep the
 * steps they started with.
 */
const flowFields = {
  name: trimmed(60),
  priority: z.number().int().min(0).max(1000),
  enabled: z.boolean(),
  conditions: z.array(approvalCondition).max(10),
  steps: z.array(approvalStepInput).min(1).max(10),
};
export const approvalFlowInput = z.strictObject({
  kind: z.enum(APPROVAL_KINDS),
  ...flowFields,
  priority: flowFields.priority.default(0),
  enabled: flowFields.enabled.default(true),
  conditions: flowFields.conditions.default([]),
});
export type ApprovalFlowInput = z.input<typeof approvalFlowInput>;
/** Only what is sent changes (no defaults here: a PATCH must not reset the fields it leaves out). */
export const approvalFlowPatch = z.strictObject(flowFields).partial();

export const approvalFlow = z.object({
  id: z.string(),
  kind: z.enum(APPROVAL_KINDS),
  name: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  conditions: z.array(approvalCondition),
  steps: z.array(z.object({ name: z.string(), approvers: z.array(approverRule) })),
  version: z.number(),
  ...timestamps,
});
export type ApprovalFlow = z.infer<typeof approvalFlow>;

export const APPROVAL_STATES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export const APPROVAL_ACTIONS = ['submit', 'approve', 'reject', 'return', 'resubmit', 'withdraw'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

const person = z.object({ id: z.string(), name: z.string() });
export const approval = z.object({
  id: z.string(),
  kind: z.enum(APPROVAL_KINDS),
  title: z.string(),
  content: z.string(),
  /** The facts the flow was chosen on, e.g. { amount: 500000 }. */
  facts: z.record(z.string(), z.union([z.number(), z.string()])),
  subjectId: z.string().nullable(),
  partnerId: z.string().nullable(),
  submitter: person,
  state: z.enum(APPROVAL_STATES),
  /** Index into `steps` while pending; the step it was returned or rejected at otherwise. */
  currentStep: z.number(),
  steps: z.array(z.object({ name: z.string(), approvers: z.array(person) })),
  flow: z.object({ id: z.string(), name: z.string(), version: z.number() }),
  history: z.array(z.object({ action: z.enum(APPROVAL_ACTIONS), by: person, step: z.number(), comment: z.string(), at: z.string() })),
  /** What the caller may do now. */
  can: z.object({ decide: z.boolean(), withdraw: z.boolean(), resubmit: z.boolean() }),
  ...timestamps,
});
export type Approval = z.infer<typeof approval>;

const requestFields = {
  title: trimmed(60),
  content: z.string().trim().max(1000),
  amount: z.number().int().min(0).max(1e13),
};
/** A partner's free-form request; `amount` in fen. */
export const generalRequestInput = z.strictObject({ ...requestFields, content: requestFields.content.default(''), amount: requestFields.amount.optional() });
export type GeneralRequestInput = z.input<typeof generalRequestInput>;

/** Reject and return need a reason the submitter can act on; approve may say why. */
export const decisionBody = z.strictObject({ comment: z.string().trim().max(500).default('') });
export const reasonBody = z.strictObject({ comment: trimmed(500) });
/** Only what is sent changes (no defaults: leaving the content out keeps it). */
export const resubmitBody = z.strictObject(requestFields).partial().extend({ comment: z.string().trim().max(500).default('') });

/** mine: I submitted; todo: waiting for me; done: I decided a step; all: everything I may see. */
export const APPROVAL_BOXES = ['mine', 'todo', 'done', 'all'] as const;
export const approvalListQuery = pageQuery.extend({
  box: z.enum(APPROVAL_BOXES).default('all'),
  state: z.enum(APPROVAL_STATES).optional(),
  kind: z.enum(APPROVAL_KINDS).optional(),
});

export const approvalKindInfo = z.object({ kind: z.enum(APPROVAL_KINDS), fields: z.array(z.string()) });
