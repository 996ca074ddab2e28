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
