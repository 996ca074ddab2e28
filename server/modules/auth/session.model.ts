import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

/** One login: its refresh token rotates on every use; the hashes it had before detect reuse of a stolen one. */
export interface SessionDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  userId: Types.ObjectId;
  partnerId: Types.ObjectId | null;
  tokenHash: string;
  usedHashes: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: 'logout' | 'reuse' | 'partner_suspended' | 'user_disabled' | 'role_changed' | 'password_changed' | null;
  userAgent: string | null;
  lastUsedAt: Date;
  createdAt: Date;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    partnerId: { type: Schema.Types.ObjectId, default: null, index: true },
    tokenHash: { type: String, required: true },
    usedHashes: { type: [String], default: [] },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: null },
    userAgent: { type: String, default: null },
    lastUsedAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
sessionSchema.plugin(tenantPlugin);
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 7 * 86_400 });

export const Session = model<SessionDoc>('Session', sessionSchema);
