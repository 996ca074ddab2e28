import { Schema, model, type Types } from 'mongoose';
import type { ApprovalAction, ApprovalCondition, ApprovalKind, ApprovalState, ApproverRule } from '../../../types/approvals';
import { tenantPlugin } from '../../core/tenant-plugin';

/** An approval flow; `version` counts its edits (a running approval keeps a copy of the steps it started with). */
export interface ApprovalFlowDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  kind: ApprovalKind;
  name: string;
  priority: number;
  enabled: boolean;
  conditions: ApprovalCondition[];
  steps: { name: string; approvers: ApproverRule[] }[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const flowSchema = new Schema<ApprovalFlowDoc>(
  {
    kind: { type: String, required: true },
    name: { type: String, required: true },
    priority: { type: Number, default: 0 },
    enabled: { type: Boolean, default: true },
    conditions: { type: Schema.Types.Mixed, default: [] },
    steps: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, default: 1 },
  },
  { timestamps: true, versionKey: false },
);
flowSchema.plugin(tenantPlugin);
flowSchema.index({ tenantId: 1, kind: 1, priority: -1 });
export const ApprovalFlow = model<ApprovalFlowDoc>('ApprovalFlow', flowSchema);

export interface ApprovalHistoryEntry {
  action: ApprovalAction;
  by: Types.ObjectId;
  step: number;
  comment: string;
  at: Date;
}

/**
 * One submission going through a flow. `steps` are the flow's steps as they were at submission, with the approvers
 * resolved to people then. `round` counts resubmissions, so each round's to-dos are distinct items.
 * `revision` increases with every transition: each transition is one conditional update on it.
 */
export interface ApprovalDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  kind: ApprovalKind;
  title: string;
  content: string;
  facts: Record<string, number | string>;
  subjectId: Types.ObjectId | null;
  partnerId: Types.ObjectId | null;
  submitterId: Types.ObjectId;
  state: ApprovalState;
  currentStep: number;
  round: number;
  revision: number;
  steps: { name: string; approverIds: Types.ObjectId[] }[];
  /** The people who may decide now (the current step's approvers while pending; none otherwise). */
  currentApproverIds: Types.ObjectId[];
  /** Everyone who may see it: the submitter and every approver of every step. */
  participantIds: Types.ObjectId[];
  /** Who decided a step (the "done" box). */
  deciderIds: Types.ObjectId[];
  flow: { id: Types.ObjectId; name: string; version: number };
  history: ApprovalHistoryEntry[];
  /** The owning module has not yet been told of the last transition (a sweep retries until it has). */
  outcomePending: boolean;
  /**
   * What the last transition still has to do to the inbox (close the step's to-dos, raise the next ones, tell the
   * submitter), written with the transition itself and cleared once done, so a crash in between loses nothing.
   */
  effects: { closeKey: string | null; closeState: 'done' | 'cancelled'; comment: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

const approvalSchema = new Schema<ApprovalDoc>(
  {
    kind: { type: String, required: true },
    title: { type: String, required: true },
    content: { type: String, default: '' },
    facts: { type: Schema.Types.Mixed, default: {} },
    subjectId: { type: Schema.Types.ObjectId, default: null },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    submitterId: { type: Schema.Types.ObjectId, required: true },
    state: { type: String, required: true },
    currentStep: { type: Number, default: 0 },
    round: { type: Number, default: 1 },
    revision: { type: Number, default: 0 },
    steps: { type: Schema.Types.Mixed, required: true },
    currentApproverIds: { type: [Schema.Types.ObjectId], default: [] },
    participantIds: { type: [Schema.Types.ObjectId], default: [] },
    deciderIds: { type: [Schema.Types.ObjectId], default: [] },
    flow: { type: Schema.Types.Mixed, required: true },
    history: { type: Schema.Types.Mixed, default: [] },
    outcomePending: { type: Boolean, default: false },
    effects: { type: Schema.Types.Mixed, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
approvalSchema.plugin(tenantPlugin);
approvalSchema.index({ tenantId: 1, participantIds: 1, _id: -1 });
approvalSchema.index({ tenantId: 1, currentApproverIds: 1, _id: -1 });
approvalSchema.index({ tenantId: 1, outcomePending: 1 });
approvalSchema.index({ effects: 1 });
export const Approval = model<ApprovalDoc>('Approval', approvalSchema);
