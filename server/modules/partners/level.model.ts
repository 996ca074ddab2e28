import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface LevelDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  rank: number;
  weight: number;
  leadLimit: number;
  accountLimit: number;
  maxDiscountPct: number;
  createdAt: Date;
  updatedAt: Date;
}

const levelSchema = new Schema<LevelDoc>(
  {
    name: { type: String, required: true, trim: true },
    rank: { type: Number, required: true },
    weight: { type: Number, required: true },
    leadLimit: { type: Number, required: true },
    accountLimit: { type: Number, required: true },
    maxDiscountPct: { type: Number, required: true },
  },
  { timestamps: true },
);
levelSchema.plugin(tenantPlugin);
levelSchema.index({ tenantId: 1, rank: 1 }, { unique: true });
levelSchema.index({ tenantId: 1, name: 1 }, { unique: true });

export const Level = model<LevelDoc>('Level', levelSchema);
