import { Schema, model, type Types } from 'mongoose';
import type { Distribution, PublicLeadField } from '../../../types/leads';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface LeadPoolDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  description: string;
  members: { levelIds: Types.ObjectId[]; provinces: string[]; partnerIds: Types.ObjectId[]; staffIds: Types.ObjectId[] };
  publicFields: PublicLeadField[];
  distribution: Distribution;
  acceptHours: number;
  claim: { enabled: boolean; dailyLimit: number | null; perPerson: number | null; perPartner: number | null; cooldownDays: number };
  recycle: { noFollowUpDays: number | null; notConvertedDays: number | null; remindDaysBefore: number | null };
  /** Advanced once per automatic hand-out: where round-robin and weighted distribution continue. */
  cursor: number;
  createdAt: Date;
  updatedAt: Date;
}

const ids = { type: [Schema.Types.ObjectId], default: [] };
const count = { type: Number, default: null };

const poolSchema = new Schema<LeadPoolDoc>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    members: { levelIds: ids, provinces: { type: [String], default: [] }, partnerIds: ids, staffIds: ids },
    publicFields: { type: [String], default: [] },
    distribution: { type: String, required: true },
    acceptHours: { type: Number, required: true },
    claim: { enabled: Boolean, dailyLimit: count, perPerson: count, perPartner: count, cooldownDays: { type: Number, default: 0 } },
    recycle: { noFollowUpDays: count, notConvertedDays: count, remindDaysBefore: count },
    cursor: { type: Number, default: 0 },
  },
  { timestamps: true },
);
poolSchema.plugin(tenantPlugin);
poolSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export const LeadPool = model<LeadPoolDoc>('LeadPool', poolSchema);

/**
 * How many pool leads a person or partner holds, overall (`scope: 'all'`) or from one pool (the pool's id), and how
 * many a person claimed from one pool on one day (`day:<pool id>:YYYY-MM-DD`). Counted up by one conditional update before a lead is taken, so a limit can never be
 * passed however many claims race; counted down when it is let go.
 */
export interface LeadHoldingDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  holderId: Types.ObjectId;
  scope: string;
  count: number;
  updatedAt: Date;
}
const holdingSchema = new Schema<LeadHoldingDoc>({
  holderId: { type: Schema.Types.ObjectId, required: true },
  scope: { type: String, required: true },
  count: { type: Number, required: true },
  updatedAt: { type: Date, required: true },
});
holdingSchema.plugin(tenantPlugin);
holdingSchema.index({ tenantId: 1, holderId: 1, scope: 1 }, { unique: true });

export const LeadHolding = model<LeadHoldingDoc>('LeadHolding', holdingSchema);
