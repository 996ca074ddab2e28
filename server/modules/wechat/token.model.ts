import { Schema, model } from 'mongoose';

/**
 * One access token per WeChat appId, shared by every server instance. Keyed by appId, not tenant-scoped: the
 * binding that owns the appId is. `leaseUntil` marks the instance currently fetching a new token.
 */
export interface WechatTokenDoc {
  _id: string;
  accessToken: string | null;
  expiresAt: Date | null;
  leaseUntil: Date | null;
  updatedAt: Date;
}

const wechatTokenSchema = new Schema<WechatTokenDoc>(
  {
    _id: { type: String, required: true },
    accessToken: { type: String, default: null },
    expiresAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false },
);

export const WechatToken = model<WechatTokenDoc>('WechatToken', wechatTokenSchema);
