import { Schema, model, type Types } from 'mongoose';
import type { OpportunityState, Stage } from '../../../types/opportunities';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface SalesProcessDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  description: string;
  levelIds: Types.ObjectId[];
  stages: Stage[];
  registrationDays: number;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
const stageSchema = new Schema(
  { key: String, name: String, probability: Number, tasks: { type: [{ _id: false, key: String, kind: String, label: String, field: String }], default: [] } },
  { _id: false },
);
const processSchema = new Schema<SalesProcessDoc>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    levelIds: { type: [Schema.Types.ObjectId], default: [] },
    stages: { type: [stageSchema], required: true },
    registrationDays: { type: Number, default: 90 },
    active: { type: Boolean, default: true },
    version: { type: Number, default: 1 },
  },
  { timestamps: true },
);
processSchema.plugin(tenantPlugin);
processSchema.index({ tenantId: 1, name: 1 }, { unique: true });
export const SalesProcess = model<SalesProcessDoc>('SalesProcess', processSchema);

export interface OpportunityDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  accountId: Types.ObjectId;
  /** Copied for lists and views (an account's name rarely changes; an edit of it is not carried over). */
  accountName: string;
  amount: number | null;
  expectedCloseDate: string | null;
  /** YYYY-MM of the expected close: what the forecast groups by (precomputed: the engine has no date parts in $group keys). */
  closeMonth: string | null;
  decisionMaker: string;
  budget: string;
  competitor: string;
  notes: string;
  state: OpportunityState;
  reason: string | null;
  closeDate: string | null;
  partnerId: Types.ObjectId | null;
  /** The partner's level when filed: upstream views filter by it without a join. */
  partnerLevelId: Types.ObjectId | null;
  ownerId: Types.ObjectId;
  collaboratorIds: Types.ObjectId[];
  approvalId: Types.ObjectId | null;
  /** The process as it was when the opportunity started: later edits of the process do not move it. */
  process: { id: Types.ObjectId; name: string; version: number; stages: Stage[]; registrationDays: number };
  stageIndex: number;
  /** The current stage's key (the list filters by it). */
  stageKey: string;
  /** The furthest stage it ever reached: the funnel counts by it. */
  reachedIndex: number;
  /** `stage.task` keys of the tasks done. */
  tasksDone: string[];
  attachments: { fileId: Types.ObjectId; filename: string; taskKey: string | null; at: Date }[];
  protectedUntil: Date | null;
  /** Set once the owner and channel manager were told that the protection lapsed. */
  lapsedAt: Date | null;
  leadId: Types.ObjectId | null;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}
const id = { type: Schema.Types.ObjectId, default: null };
const opportunitySchema = new Schema<OpportunityDoc>(
  {
    name: { type: String, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    accountName: { type: String, required: true },
    amount: { type: Number, default: null },
    expectedCloseDate: { type: String, default: null },
    closeMonth: { type: String, default: null },
    decisionMaker: { type: String, default: '' },
    budget: { type: String, default: '' },
    competitor: { type: String, default: '' },
    notes: { type: String, default: '' },
    state: { type: String, required: true },
    reason: { type: String, default: null },
    closeDate: { type: String, default: null },
    partnerId: id,
    partnerLevelId: id,
    ownerId: { type: Schema.Types.ObjectId, required: true },
    collaboratorIds: { type: [Schema.Types.ObjectId], default: [] },
    approvalId: id,
    process: {
      id: { type: Schema.Types.ObjectId, required: true },
      name: String,
      version: Number,
      stages: [stageSchema],
      registrationDays: Number,
    },
    stageIndex: { type: Number, default: 0 },
    stageKey: { type: String, required: true },
    reachedIndex: { type: Number, default: 0 },
    tasksDone: { type: [String], default: [] },
    attachments: { type: [{ _id: false, fileId: Schema.Types.ObjectId, filename: String, taskKey: String, at: Date }], default: [] },
    protectedUntil: { type: Date, default: null },
    lapsedAt: { type: Date, default: null },
    leadId: id,
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
opportunitySchema.plugin(tenantPlugin);
opportunitySchema.index({ tenantId: 1, partnerId: 1, _id: -1 });
opportunitySchema.index({ tenantId: 1, accountId: 1 });
opportunitySchema.index({ protectedUntil: 1 });
export const Opportunity = model<OpportunityDoc>('Opportunity', opportunitySchema);
