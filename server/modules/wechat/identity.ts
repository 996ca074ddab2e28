import type { Types } from 'mongoose';
import type { NoticeKind } from '../../../types/wechat';
import type { UserDoc } from '../auth';
import { audit } from '../audit';
import { WechatIdentity } from './identity.model';
import { WechatApp } from './wechat-app.model';

/** Tickets that carry an unbound openid to the step that binds it: five minutes, one purpose. */
export const BIND_PURPOSE = 'wechat-bind';
export const BIND_TTL_SECONDS = 300;

/** Ties an app's openid to a user (replacing an earlier binding of that openid), audited. Runs in the tenant. */
export async function bindIdentity(appId: string, openid: string, user: UserDoc): Promise<void> {
  const previous = await WechatIdentity.findOneAndUpdate(
    { _id: `${appId}:${openid}` },
    { $set: { appId, openid, userId: user._id, boundAt: new Date() } },
    { upsert: true },
  ).lean();
  await audit('wechat.identity_bind', { type: 'wechat', id: appId }, { userId: previous ? String(previous.userId) : null }, { userId: String(user._id) }, ['userId']);
}

/** Forgets every WeChat identity bound to the user (Me → unbind). */
export async function unbindUser(user: Pick<UserDoc, '_id'>): Promise<number> {
  const { deletedCount } = await WechatIdentity.deleteMany({ userId: user._id });
  return deletedCount;
}

/** Where a WeChat message of this kind can reach the user: the official account's template, else the mini-program's. */
export type MessageChannel =
  | { kind: 'official'; appId: string; openid: string; templateId: string; miniAppId: string | null }
  | { kind: 'mini'; appId: string; openid: string; templateId: string };

/**
 * Where WeChat messages can reach these users, looked up once for a batch (two reads): answers, per user and kind,
 * the official account's template, else the mini-program's subscribe template, else null. Runs in the tenant.
 */
export async function messageChannels(userIds: Types.ObjectId[]): Promise<(userId: Types.ObjectId, noticeKind: NoticeKind) => MessageChannel | null> {
  const [identities, apps] = await Promise.all([WechatIdentity.find({ userId: { $in: userIds } }).lean(), WechatApp.find({}).lean()]);
  const mini = apps.find((app) => app.kind === 'mini');
  return (userId, noticeKind) => {
    const mine = identities.filter((identity) => identity.userId.equals(userId));
    for (const kind of ['official', 'mini'] as const) {
      for (const app of apps.filter((a) => a.kind === kind && a.templates[noticeKind])) {
        const identity = mine.find((i) => i.appId === app._id);
        if (!identity) continue;
        const templateId = app.templates[noticeKind]!;
        return kind === 'official'
          ? { kind, appId: app._id, openid: identity.openid, templateId, miniAppId: mini?._id ?? null }
          : { kind, appId: app._id, openid: identity.openid, templateId };
      }
    }
    return null;
  };
}
