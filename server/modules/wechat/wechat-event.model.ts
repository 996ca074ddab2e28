import { Schema, model, type Types } from 'mongoose';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * Every callback WeChat delivered, once: `_id` is the dedupe key (MsgId, else FromUserName + CreateTime + Event),
 * so WeChat's retries of the same push are recognised and not processed twice.
 */
export interface WechatEventDoc {
  _id: string;
  tenantId: Types.ObjectId;
  appId: string;
  openid: string;
  msgType: string;
  event: string | null;
  eventKey: string | null;
  fields: Record<string, string>;
  receivedAt: Date;
}

const wechatEventSchema = new Schema<WechatEventDoc>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    msgType: { type: String, required: true },
    event: { type: String, default: null },
    eventKey: { type: String, default: null },
    fields: { type: Schema.Types.Mixed, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
wechatEventSchema.plugin(tenantPlugin);
wechatEventSchema.index({ tenantId: 1, appId: 1, openid: 1 });

export const WechatEvent = model<WechatEventDoc>('WechatEvent', wechatEventSchema);

/** Who follows the official account now: template messages only reach followers. */
export interface WechatFollowerDoc {
  _id: string;
  tenantId: Types.ObjectId;
  appId: string;
  openid: string;
  following: boolean;
  changedAt: Date;
}

const wechatFollowerSchema = new Schema<WechatFollowerDoc>(
  {
    _id: { type: String, required: true },
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    following: { type: Boolean, required: true },
    changedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
wechatFollowerSchema.plugin(tenantPlugin);

export const WechatFollower = model<WechatFollowerDoc>('WechatFollower', wechatFollowerSchema);
