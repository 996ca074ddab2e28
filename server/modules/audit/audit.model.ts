import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

/** Who changed what, when, from what to what: ownership, status, roles, discounts (design rule 7). */
export interface AuditDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  actorId: Types.ObjectId | null;
  action: string;
  entityType: string;
  /** Hex for database records; the appId for WeChat apps. */
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string;
  at: Date;
}

const auditSchema = new Schema<AuditDoc>({
  actorId: { type: Schema.Types.ObjectId, default: null },
  action: { type: String, required: true },
  entityType: { type: String, required: true },
  entityId: { type: String, required: true },
  before: { type: Schema.Types.Mixed, default: null },
  after: { type: Schema.Types.Mixed, default: null },
  requestId: { type: String, required: true },
  at: { type: Date, required: true },
});
auditSchema.plugin(tenantPlugin);
auditSchema.index({ tenantId: 1, entityType: 1, entityId: 1 });

export const Audit = model<AuditDoc>('Audit', auditSchema);
