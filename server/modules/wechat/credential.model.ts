import { Schema, model } from 'mongoose';

/**
 * One cached WeChat credential (an appId's access token, its JSSDK ticket), shared by every server instance. Keyed
 * by `token:<appId>` / `jsapi:<appId>`, not tenant-scoped: the binding that owns the appId is. `leaseUntil` marks
 * the instance currently fetching a new value.
 */
export interface WechatCredentialDoc {
  _id: string;
  value: string | null;
  expiresAt: Date | null;
  leaseUntil: Date | null;
  updatedAt: Date;
}

const wechatCredentialSchema = new Schema<WechatCredentialDoc>(
  {
    _id: { type: String, required: true },
    value: { type: String, default: null },
    expiresAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false },
);

export const WechatCredential = model<WechatCredentialDoc>('WechatCredential', wechatCredentialSchema);
