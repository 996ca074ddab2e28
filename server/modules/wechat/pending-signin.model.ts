import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * A sign-in that a browser will claim once: a scan-to-login QR code (waiting until the scan, then ready) or the end
 * of a WeChat OAuth hop (ready at once). `_id` is an unguessable secret only the claiming browser knows.
 */
export interface PendingSignInDoc {
  _id: string;
  tenantId: Types.ObjectId;
  kind: 'qr' | 'oauth';
  appId: string;
  status: 'waiting' | 'ready' | 'refused' | 'consumed';
  userId: Types.ObjectId | null;
  /** The QR code's ticket (qr only), to find the scene when WeChat pushes the scan. */
  ticket: string | null;
  expiresAt: Date;
}

const pendingSignInSchema = new Schema<PendingSignInDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['qr', 'oauth'], required: true },
    appId: { type: String, required: true },
    status: { type: String, enum: ['waiting', 'ready', 'refused', 'consumed'], required: true },
    userId: { type: Schema.Types.ObjectId, default: null },
    ticket: { type: String, default: null },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
pendingSignInSchema.plugin(tenantPlugin);
pendingSignInSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 3600 });

export const PendingSignIn = model<PendingSignInDoc>('PendingSignIn', pendingSignInSchema);
