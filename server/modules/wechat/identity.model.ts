import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

/** A WeChat identity (openid of one app) bound to one user: how WeChat logins find the account. */
export interface WechatIdentityDoc {
  /** `appId:openid`; openids are per app, so the pair is unique. */
  _id: string;
  tenantId: Types.ObjectId;
  appId: string;
  openid: string;
  userId: Types.ObjectId;
  boundAt: Date;
}

const wechatIdentitySchema = new Schema<WechatIdentityDoc>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    boundAt: { type: Date, required: true },
  },
  { versionKey: false },
);
wechatIdentitySchema.plugin(tenantPlugin);

export const WechatIdentity = model<WechatIdentityDoc>('WechatIdentity', wechatIdentitySchema);
