import type { UserDoc } from '../auth';
import { audit } from '../audit';
import { WechatIdentity } from './identity.model';

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
