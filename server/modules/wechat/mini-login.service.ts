import type { WechatLoginResult } from '../../../types/auth';
import { runAsSystem } from '../../core/context';
import { AppError } from '../../core/errors';
import { User, type AuthService, type UserDoc } from '../auth';
import type { BindingService } from './binding.service';
import { BIND_PURPOSE, BIND_TTL_SECONDS, bindIdentity } from './identity';
import { WechatIdentity } from './identity.model';
import type { WeChatClient } from './wechat.client';
import { CODE_ERRORS, WeChatApiError } from './wechat.errors';


/** WeChat errors the user can fix by trying again; everything else means WeChat is unavailable to us. */
function translate(error: unknown): never {
  if (error instanceof WeChatApiError && CODE_ERRORS.has(error.errcode)) throw new AppError(401, 'auth.wechat_code_invalid');
  if (error instanceof WeChatApiError) throw new AppError(503, 'wechat.unavailable', `WeChat answered ${error.errcode}`);
  if (error instanceof TypeError || (error as Error)?.name === 'TimeoutError') throw new AppError(503, 'wechat.unavailable');
  throw error;
}

/**
 * Mini-program login: `wx.login`'s code becomes an openid through code2session (the session key never leaves the
 * server). A bound openid signs straight in; otherwise the phone-number button binds it to the account with that
 * mobile number in the app's tenant.
 */
export function createMiniLoginService(deps: { bindings: BindingService; wechat: WeChatClient; auth: AuthService }) {
  async function miniApp(appId: string) {
    const app = await deps.bindings.secretsOfApp(appId);
    if (!app || app.kind !== 'mini') throw new AppError(404, 'wechat.app_unknown');
    return app;
  }

  async function login(appId: string, code: string, userAgent?: string): Promise<WechatLoginResult> {
    const app = await miniApp(appId);
    const session = await deps.wechat
      .request<{ openid: string }>('/sns/jscode2session', { query: { appid: appId, secret: app.appSecret, js_code: code, grant_type: 'authorization_code' } })
      .catch(translate);
    return runAsSystem(app.tenantId, async () => {
      const identity = await WechatIdentity.findOne({ _id: `${appId}:${session.openid}` }).lean();
      const user = identity ? await User.findOne({ _id: identity.userId }).lean<UserDoc>() : null;
      if (user) return { status: 'signed_in' as const, tokens: await deps.auth.openSession(user, userAgent) };
      const bindTicket = deps.auth.signer.signTicket(BIND_PURPOSE, { appId, openid: session.openid, tenantId: app.tenantId }, BIND_TTL_SECONDS);
      return { status: 'needs_binding' as const, bindTicket };
    });
  }

  async function bindByPhone(bindTicket: string, phoneCode: string, userAgent?: string): Promise<WechatLoginResult> {
    const claims = deps.auth.signer.verifyTicket(BIND_PURPOSE, bindTicket);
    if (!claims) throw new AppError(401, 'auth.bind_ticket_invalid');
    const { appId, openid, tenantId } = claims;
    await miniApp(appId);
    const answer = await deps.wechat
      .call<{ phone_info: { purePhoneNumber: string } }>(appId, '/wxa/business/getuserphonenumber', { body: { code: phoneCode } })
      .catch(translate);
    const phone = answer.phone_info.purePhoneNumber;
    return runAsSystem(tenantId, async () => {
      const user = await User.findOne({ logins: phone }).lean<UserDoc>();
      if (!user) throw new AppError(404, 'auth.phone_unknown');
      const tokens = await deps.auth.openSession(user, userAgent);
      await bindIdentity(appId, openid, user);
      return { status: 'signed_in' as const, tokens };
    });
  }

  return { login, bindByPhone };
}

export type MiniLoginService = ReturnType<typeof createMiniLoginService>;
