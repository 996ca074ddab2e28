import { Schema, model, type Types } from 'mongoose';
import type { NoticeKind, WechatAppKind } from '../../../types/wechat';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * A bound official account or mini-program. Keyed by appId, which WeChat makes globally unique, so a callback to
 * /wechat/<appId> finds exactly one tenant. Secrets are stored sealed (server/core/secrets.ts).
 */
export interface WechatAppDoc {
  _id: string;
  tenantId: Types.ObjectId;
  kind: WechatAppKind;
  name: string;
  appSecretSealed: string;
  tokenSealed: string | null;
  encodingAESKeySealed: string | null;
  messageMode: 'plain' | 'safe';
  templates: Partial<Record<NoticeKind, string>>;
  updatedAt: Date;
}

const wechatAppSchema = new Schema<WechatAppDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['official', 'mini'], required: true },
    name: { type: String, required: true },
    appSecretSealed: { type: String, required: true },
    tokenSealed: { type: String, default: null },
    encodingAESKeySealed: { type: String, default: null },
    messageMode: { type: String, enum: ['plain', 'safe'], default: 'plain' },
    templates: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false, minimize: false },
);
wechatAppSchema.plugin(tenantPlugin);

export const WechatApp = model<WechatAppDoc>('WechatApp', wechatAppSchema);
