import { Schema, model, type Types } from 'mongoose';
import type { Region } from '../../../types/common';
import type { PartnerStatus } from '../../../types/partners';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface PartnerDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  levelId: Types.ObjectId;
  region: Region;
  channelManagerId: Types.ObjectId | null;
  contactName: string | null;
  contactPhone: string | null;
  status: PartnerStatus;
  suspendedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const partnerSchema = new Schema<PartnerDoc>(
  {
    name: { type: String, required: true, trim: true },
    levelId: { type: Schema.Types.ObjectId, required: true, index: true },
    region: {
      province: { type: String, required: true },
      city: { type: String },
      district: { type: String },
    },
    channelManagerId: { type: Schema.Types.ObjectId, default: null, index: true },
    contactName: { type: String, default: null },
    contactPhone: { type: String, default: null },
    status: { type: String, enum: ['active', 'suspended'], default: 'active' },
    suspendedReason: { type: String, default: null },
  },
  { timestamps: true },
);
partnerSchema.plugin(tenantPlugin);
partnerSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export const Partner = model<PartnerDoc>('Partner', partnerSchema);
