import { z } from 'zod';
import { objectId, pageQuery, timestamps, trimmed } from './common';
import { FOLLOW_UP_KINDS, geoPosition } from './leads';

/**
 * An opportunity's life. `filing` waits for the upstream's opportunity-filing approval (it cannot advance);
 * `open` moves through its sales process's stages; `won` and `lost` close it; `rejected` was a filing the upstream
 * turned down. Protection (a deal registration) is separate: an open, approved opportunity is protected until its
 * registration expires, which a channel manager can extend.
 */
export const OPPORTUNITY_STATES = ['filing', 'open', 'won', 'lost', 'rejected'] as const;
export type OpportunityState = (typeof OPPORTUNITY_STATES)[number];

// ---- Sales processes ---------------------------------------------------------------------------------------------
export const TASK_KINDS = ['checklist', 'field', 'attachment'] as const;
/** Fields of an opportunity a stage may require before it is left. */
export const REQUIRED_FIELDS = ['amount', 'expectedCloseDate', 'decisionMaker', 'budget', 'competitor'] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

const key = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'process_key');

export const stageTask = z
  .strictObject({
    key,
    kind: z.enum(TASK_KINDS),
    label: trimmed(60),
    /** For a `field` task: which field must be filled. */
    field: z.enum(REQUIRED_FIELDS).optional(),
  })
  .refine((task) => (task.kind === 'field') === Boolean(task.field), { path: ['field'], message: 'field_task' });
export type StageTask = z.infer<typeof stageTask>;

export const stage = z.strictObject({
  key,
  name: trimmed(30),
  /** Chance of winning once here, in whole percent; the weighted forecast multiplies amounts by it. */
  probability: z.number().int().min(0).max(100),
  tasks: z.array(stageTask).max(10).default([]),
});
export type Stage = z.infer<typeof stage>;

const unique = <T>(items: T[], by: (item: T) => string) => new Set(items.map(by)).size === items.length;

export const salesProcessInput = z
  .strictObject({
    name: trimmed(40),
    description: z.string().trim().max(500).default(''),
    /** Partner levels it applies to; empty: every level (a level-specific process wins over it). */
    levelIds: z.array(objectId).max(20).default([]),
    stages: z.array(stage).min(2).max(10),
    /** Days an approved filing stays protected before it must be extended. */
    registrationDays: z.number().int().min(1).max(730).default(90),
    active: z.boolean().default(true),
  })
  .refine((p) => unique(p.stages, (s) => s.key), { path: ['stages'], message: 'stage_keys_differ' })
  .refine((p) => p.stages.every((s) => unique(s.tasks, (t) => t.key)), { path: ['stages'], message: 'task_keys_differ' })
  .refine((p) => p.stages.every((s, i) => i === 0 || s.probability >= p.stages[i - 1].probability), { path: ['stages'], message: 'probability_rises' });
export type SalesProcessInput = z.input<typeof salesProcessInput>;

export const salesProcess = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  levelIds: z.array(z.string()),
  stages: z.array(stage),
  registrationDays: z.number(),
  active: z.boolean(),
  /** Bumped by every edit; running opportunities keep the version they started with. */
  version: z.number(),
  ...timestamps,
});
export type SalesProcess = z.infer<typeof salesProcess>;

// ---- Opportunities -----------------------------------------------------------------------------------------------
/** Money in fen (integer minor units), never floating point. */
const fen = z.number().int().min(0).max(100_000_000_000_00);
const day = z.iso.date();

const opportunityFields = {
  name: trimmed(80),
  amount: fen,
  expectedCloseDate: day,
  decisionMaker: z.string().trim().max(40),
  budget: z.string().trim().max(100),
  competitor: z.string().trim().max(100),
  notes: z.string().trim().max(1000),
};

export const opportunityInput = z.strictObject({
  accountId: objectId,
  ...opportunityFields,
  amount: fen.optional(),
  expectedCloseDate: day.optional(),
  decisionMaker: opportunityFields.decisionMaker.default(''),
  budget: opportunityFields.budget.default(''),
  competitor: opportunityFields.competitor.default(''),
  notes: opportunityFields.notes.default(''),
  /** The lead it came from, when a converted lead is followed up as an opportunity. */
  leadId: objectId.optional(),
});
export type OpportunityInput = z.input<typeof opportunityInput>;
export const opportunityPatch = z.strictObject(opportunityFields).partial();

export const opportunityListQuery = pageQuery.extend({
  q: z.string().trim().max(80).optional(),
  state: z.enum(OPPORTUNITY_STATES).optional(),
  /** `me`: opportunities I own or co-follow. */
  owner: z.union([z.literal('me'), objectId]).optional(),
  partnerId: objectId.optional(),
  levelId: objectId.optional(),
  accountId: objectId.optional(),
  stage: key.optional(),
});
export type OpportunityListQuery = z.input<typeof opportunityListQuery>;

export const taskBody = z.strictObject({ done: z.boolean() });
export const moveStageBody = z.strictObject({
  /** The stage to go to: the next one forward, or any earlier one (with a reason). */
  stage: key,
  reason: z.string().trim().max(200).default(''),
});
export const closeBody = z.strictObject({
  outcome: z.enum(['won', 'lost']),
  reason: trimmed(200),
  amount: fen,
  closeDate: day,
});
export const extendBody = z.strictObject({ days: z.number().int().min(1).max(365) });
export const collaboratorBody = z.strictObject({ userId: objectId });

export const OPPORTUNITY_EVENTS = [
  'created', 'filed', 'filing_approved', 'filing_rejected', 'stage_forward', 'stage_back', 'task_done', 'task_undone', 'won', 'lost', 'follow_up',
  'collaborator_added', 'collaborator_removed', 'edited', 'protection_extended', 'protection_lapsed', 'attachment',
] as const;
export type OpportunityEventType = (typeof OPPORTUNITY_EVENTS)[number];

export const opportunityEvent = z.object({
  id: z.string(),
  type: z.enum(OPPORTUNITY_EVENTS),
  kind: z.enum(FOLLOW_UP_KINDS).nullable(),
  text: z.string(),
  position: geoPosition.nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export type OpportunityEvent = z.infer<typeof opportunityEvent>;

export const attachment = z.object({ id: z.string(), filename: z.string(), taskKey: z.string().nullable(), at: z.string() });

export const opportunity = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  amount: z.number().nullable(),
  expectedCloseDate: z.string().nullable(),
  decisionMaker: z.string(),
  budget: z.string(),
  competitor: z.string(),
  notes: z.string(),
  state: z.enum(OPPORTUNITY_STATES),
  reason: z.string().nullable(),
  closeDate: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  collaborators: z.array(z.object({ id: z.string(), name: z.string() })),
  approvalId: z.string().nullable(),
  /** The process as it was when the opportunity started, and where it stands in it. */
  process: z.object({ id: z.string(), name: z.string(), version: z.number(), stages: z.array(stage) }),
  stage: z.string(),
  stageIndex: z.number(),
  probability: z.number(),
  /** Tasks done, by stage key then task key. */
  tasksDone: z.record(z.string(), z.array(z.string())),
  attachments: z.array(attachment),
  protected: z.boolean(),
  protectedUntil: z.string().nullable(),
  can: z.object({
    edit: z.boolean(),
    advance: z.boolean(),
    close: z.boolean(),
    followUp: z.boolean(),
    collaborate: z.boolean(),
    extend: z.boolean(),
  }),
  ...timestamps,
});
export type Opportunity = z.infer<typeof opportunity>;

// ---- Upstream views ------------------------------------------------------------------------------------------------
export const statsQuery = z.strictObject({
  partnerId: objectId.optional(),
  levelId: objectId.optional(),
  ownerId: objectId.optional(),
  processId: objectId.optional(),
});
export const opportunityStats = z.object({
  /** Stages of the process the figures are read against (the newest version of the chosen or most used process). */
  stages: z.array(z.object({
    key: z.string(),
    name: z.string(),
    probability: z.number(),
    /** Opportunities that reached this stage at some time (the funnel). */
    reached: z.number(),
    /** Open ones standing here now, and their amount in fen. */
    open: z.number(),
    openAmount: z.number(),
    /** Of the closed ones that reached this stage, how many were won (null: none closed yet). */
    winRate: z.number().nullable(),
  })),
  /** Open amounts weighted by their stage's probability, by expected close month (YYYY-MM), in fen. */
  forecast: z.array(z.object({ month: z.string(), amount: z.number(), weighted: z.number(), count: z.number() })),
  totals: z.object({ open: z.number(), won: z.number(), lost: z.number(), openAmount: z.number(), wonAmount: z.number() }),
});
export type OpportunityStats = z.infer<typeof opportunityStats>;
