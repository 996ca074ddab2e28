import { Schema, model, type Types } from 'mongoose';

/** The upstream manufacturer. Tenants are the one collection that is not itself tenant-scoped. */
export interface TenantDoc {
  _id: Types.ObjectId;
  code: string;
  name: string;
  status: 'active' | 'suspended';
  createdAt: Date;
  updatedAt: Date;
}

const tenantSchema = new Schema<TenantDoc>(
  {
    code: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    status: { type: String, enum: ['active', 'suspended'], default: 'active' },
  },
  { timestamps: true },
);

export const Tenant = model<TenantDoc>('Tenant', tenantSchema);
