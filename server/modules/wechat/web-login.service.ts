import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { TokenPair } from '../../../types/auth';
import type { PendingStatus } from '../../../types/wechat';
import { runAsSystem } from '../../core/context';
import { AppError } from '../../core/errors';
import { User, type AuthService, type UserDoc } from '../auth';
import { Tenant } from '../tenants';
import type { BindingService } from './binding.service';
import { BIND_PURPOSE, BIND_TTL_SECONDS, bindIdentity } from './identity';
import { WechatIdentity } from './identity.model';
import { PendingSignIn } from './pending-signin.model';
import type { WeChatClient } from './wechat.client';
import { CODE_ERRORS, WeChatApiError } from './wechat.errors';
import { WechatApp } from './wechat-app.model';

const OAUTH_COOKIE = 'cp_wechat_oauth';
const OAUTH_COOKIE_PATH = '/api/v1/auth/wechat/oauth';
const QR_SECONDS = 300;
const HANDOFF_SECONDS = 120;
const LOGIN_SCENE = 'login_';

export interface WebLoginUrls {
  /** open.weixin.qq.com: the authorize page. */
  openBase: string;
  /** mp.weixin.qq.com: QR code images. */
  mpBase: string;
  /** Our own public origin, for the OAuth redirect_uri (WeChat sends the browser back there). */
  publicUrl: string;
}

/** A secret that also names its tenant, so a public claim finds its record without searching every tenant. */
const newPendingId = (tenantId: string) => `${tenantId}${randomBytes(24).toString('base64url')}`;
const tenantOfPending = (pendingId: string) => pendingId.slice(0, 24);

/**
 * The browser logins: silent web OAuth inside WeChat (a bound openid signs in; an unbound one binds once with its
 * account and password) and scan-to-login on the web portal (a parametric QR code; the scan event names the user).
 * Both end in a pending sign-in that only the browser that started it can claim, once.
 */
export function createWebLoginService(deps: { bindings: BindingService; wechat: WeChatClient; auth: AuthService; urls: WebLoginUrls }) {
  async function officialApp(tenantCode: string): Promise<{ tenantId: string; appId: string }> {
    const tenant = await Tenant.findOne({ code: tenantCode.toLowerCase(), status: 'active' }).lean();
    if (!tenant) throw new AppError(404, 'wechat.app_unknown');
    const tenantId = tenant._id.toHexString();
    const app = await runAsSystem(tenantId, async () => await WechatApp.findOne({ kind: 'official' }).lean());
    if (!app) throw new AppError(404, 'wechat.app_unknown');
    return { tenantId, appId: app._id };
  }

  const loginPage = (reason: string) => `/pages/auth/login/index?wechat=${reason}`;

  /** Step 1 in WeChat's browser: remember a random state in a cookie and send the browser to WeChat. */
  async function oauthStart(query: { tenant: string; redirect?: string }, koa: Context): Promise<string> {
    // No official account bound: back to the password form, which says so (this is a browser hop, not an API call).
    const app = await officialApp(query.tenant).catch(() => null);
    if (!app) return loginPage('unavailable');
    const { appId } = app;
    const state = randomBytes(18).toString('base64url');
    const cookie = Buffer.from(JSON.stringify({ state, appId, redirect: query.redirect ?? '' })).toString('base64url');
    // Lax: WeChat's redirect back is a top-level GET, so the cookie comes along; secure whenever we are on HTTPS.
    koa.cookies.set(OAUTH_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: koa.secure, path: OAUTH_COOKIE_PATH, maxAge: 10 * 60_000, overwrite: true });
    const redirectUri = `${deps.urls.publicUrl}${OAUTH_COOKIE_PATH}/callback`;
    const params = new URLSearchParams({ appid: appId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state });
    return `${deps.urls.openBase}/connect/oauth2/authorize?${params.toString()}#wechat_redirect`;
  }

  /** Step 2: WeChat sends the browser back with a code; the state must match the cookie (CSRF). */
  async function oauthCallback(query: { code?: string; state: string }, koa: Context): Promise<string> {
    const raw = koa.cookies.get(OAUTH_COOKIE);
    koa.cookies.set(OAUTH_COOKIE, null, { path: OAUTH_COOKIE_PATH });
    let saved: { state: string; appId: string; redirect: string } | null = null;
    try {
      saved = raw ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : null;
    } catch {
      saved = null;
    }
    if (!saved || saved.state !== query.state) return loginPage('state_mismatch');
    if (!query.code) return loginPage('denied');
    const app = await deps.bindings.secretsOfApp(saved.appId);
    if (!app) return loginPage('unavailable');
    let openid: string;
    try {
      const answer = await deps.wechat.request<{ openid: string }>('/sns/oauth2/access_token', {
        query: { appid: saved.appId, secret: app.appSecret, code: query.code, grant_type: 'authorization_code' },
      });
      openid = answer.openid;
    } catch (error) {
      return loginPage(error instanceof WeChatApiError && CODE_ERRORS.has(error.errcode) ? 'code_invalid' : 'unavailable');
    }
    const redirect = saved.redirect ? `&redirect=${encodeURIComponent(saved.redirect)}` : '';
    return runAsSystem(app.tenantId, async () => {
      const identity = await WechatIdentity.findOne({ _id: `${saved!.appId}:${openid}` }).lean();
      if (!identity) {
        const ticket = deps.auth.signer.signTicket(BIND_PURPOSE, { appId: saved!.appId, openid, tenantId: app.tenantId }, BIND_TTL_SECONDS);
        return `/pages/auth/bind/index?ticket=${encodeURIComponent(ticket)}${redirect}`;
      }
      const pending = await PendingSignIn.create({
        _id: newPendingId(app.tenantId),
        kind: 'oauth',
        appId: saved!.appId,
        status: 'ready',
        userId: identity.userId,
        expiresAt: new Date(Date.now() + HANDOFF_SECONDS * 1000),
      });
      return `/pages/auth/wechat/index?pending=${pending._id}${redirect}`;
    });
  }

  /** The bind page: the account and password, once, tie this openid to the account. */
  async function bindWithPassword(body: { bindTicket: string; account: string; password: string }, userAgent?: string): Promise<TokenPair> {
    const claims = deps.auth.signer.verifyTicket(BIND_PURPOSE, body.bindTicket);
    if (!claims) throw new AppError(401, 'auth.bind_ticket_invalid');
    const user = await deps.auth.verifyCredentials({ id: claims.tenantId }, body);
    return runAsSystem(claims.tenantId, async () => {
      await bindIdentity(claims.appId, claims.openid, user);
      return deps.auth.openSession(user, userAgent);
    });
  }

  /** The web portal's QR code: a parametric code whose scan event names this pending sign-in. */
  async function qrCreate(tenantCode: string) {
    const { tenantId, appId } = await officialApp(tenantCode);
    const pendingId = newPendingId(tenantId);
    let ticket: string;
    try {
      ({ ticket } = await deps.wechat.call<{ ticket: string }>(appId, '/cgi-bin/qrcode/create', {
        body: { expire_seconds: QR_SECONDS, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: `${LOGIN_SCENE}${pendingId.slice(24)}` } } },
      }));
    } catch (error) {
      if (error instanceof WeChatApiError) throw new AppError(503, 'wechat.unavailable', `WeChat answered ${error.errcode}`);
      throw error;
    }
    const expiresAt = new Date(Date.now() + QR_SECONDS * 1000);
    await runAsSystem(tenantId, async () => await PendingSignIn.create({ _id: pendingId, kind: 'qr', appId, status: 'waiting', ticket, expiresAt }));
    return { pendingId, imageUrl: `${deps.urls.mpBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * A scan pushed to the callback (SCAN, or subscribe with `qrscene_` for a first-time follower). Answers the text
   * to send back to the person in WeChat, or null when the scan was not a login code. Runs in the app's tenant.
   */
  async function onScan(appId: string, openid: string, eventKey: string, tenantId: string): Promise<string | null> {
    const scene = eventKey.replace(/^qrscene_/, '');
    if (!scene.startsWith(LOGIN_SCENE)) return null;
    const pendingId = `${tenantId}${scene.slice(LOGIN_SCENE.length)}`;
    const identity = await WechatIdentity.findOne({ _id: `${appId}:${openid}` }).lean();
    const alive = { _id: pendingId, kind: 'qr', status: 'waiting', expiresAt: { $gt: new Date() } };
    if (!identity) {
      await PendingSignIn.updateOne(alive, { $set: { status: 'refused' } });
      return '您的微信尚未绑定渠道通账号：请先在公众号菜单中打开渠道通，用账号密码登录一次完成绑定，再扫码登录网页版。';
    }
    const taken = await PendingSignIn.updateOne(alive, { $set: { status: 'ready', userId: identity.userId } });
    return taken.modifiedCount ? '已确认，正在登录渠道通网页版。' : '该二维码已过期，请在电脑上刷新后重新扫码。';
  }

  /** The waiting browser's poll: once ready, the sign-in is consumed and its tokens handed over, exactly once. */
  async function claim(pendingId: string, userAgent?: string): Promise<PendingStatus> {
    const tenantId = tenantOfPending(pendingId);
    if (!/^[0-9a-f]{24}$/.test(tenantId)) return { status: 'expired' };
    return runAsSystem(tenantId, async () => {
      const now = new Date();
      const ready = await PendingSignIn.findOneAndUpdate({ _id: pendingId, status: 'ready', expiresAt: { $gt: now } }, { $set: { status: 'consumed' } }).lean();
      if (ready) {
        const user = await User.findOne({ _id: ready.userId }).lean<UserDoc>();
        if (!user) return { status: 'expired' as const };
        return { status: 'signed_in' as const, tokens: await deps.auth.openSession(user, userAgent) };
      }
      const current = await PendingSignIn.findOne({ _id: pendingId }).lean();
      if (!current || current.status === 'consumed' || current.expiresAt <= now) return { status: 'expired' as const };
      return { status: current.status === 'refused' ? ('refused' as const) : ('waiting' as const) };
    });
  }

  return { oauthStart, oauthCallback, bindWithPassword, qrCreate, onScan, claim };
}

export type WebLoginService = ReturnType<typeof createWebLoginService>;
