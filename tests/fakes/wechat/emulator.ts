import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptMessage, sha1Signature } from './crypto';
import { createJssdkEmulation, type DevicePosition, type JssdkConfigRecord, type ShareRecord } from './jssdk';
import { authorizePage, errorPage, qrSvg, scanPage } from './pages';
import { buildXml, type XmlFields } from './xml';

/*
 * A WeChat API emulator: a real HTTP server answering the paths of api.weixin.qq.com, open.weixin.qq.com (web
 * authorization) and mp.weixin.qq.com (showqrcode) with WeChat's semantics — JSON with errcode/errmsg on HTTP 200,
 * single-use expiring codes, tokens that a newer token replaces, per-app openids — plus a control API for tests.
 * See README.md next to this file.
 */

export type AppKind = 'official' | 'mini';
/** How callbacks are pushed: 明文模式, 兼容模式 (plain fields and Encrypt), 安全模式 (Encrypt only). */
export type MessageMode = 'plain' | 'compatible' | 'safe';
export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';

export interface EmulatedApp {
  appId: string;
  appSecret: string;
  kind: AppKind;
  /** Where message and event pushes go (official accounts). */
  callbackUrl?: string;
  /** The callback Token (signatures). */
  token?: string;
  /** 43 characters; when set, pushes default to safe mode. */
  encodingAESKey?: string;
  /** Defaults to 'safe' when encodingAESKey is set, else 'plain'. */
  messageMode?: MessageMode;
  /** Shown on the authorize page. */
  name?: string;
  /** The account's original id (ToUserName of pushes); derived from the appId when omitted. */
  originalId?: string;
  /** Apps sharing an open-platform id share each person's unionid; without one, no unionid is returned. */
  openPlatformId?: string;
  /** Web-authorization domains (网页授权域名); when set, a redirect_uri on another host is refused (10003). */
  oauthDomains?: string[];
  /** JS-interface safe domains (JS接口安全域名); when set, wx.config from a page on another host fails. */
  jsDomains?: string[];
  /** Template ids this app owns (template messages; subscribe templates are also added by grantSubscription). */
  templates?: string[];
}

export interface EmulatedUser {
  key: string;
  /** Mainland number, e.g. 13800138000 (countryCode 86). */
  phone?: string;
  nickname?: string;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  at: number;
}

export interface TemplateSendRecord {
  appId: string;
  userKey: string;
  touser: string;
  template_id: string;
  url?: string;
  miniprogram?: unknown;
  data: unknown;
  client_msg_id?: string;
  msgid: number;
  at: number;
}

export interface SubscribeSendRecord {
  appId: string;
  userKey: string;
  touser: string;
  template_id: string;
  /** 'send': mini-program subscribe message; 'bizsend': official-account subscribe notice. */
  via: 'send' | 'bizsend';
  page?: string;
  miniprogram?: unknown;
  miniprogram_state?: string;
  lang?: string;
  data: unknown;
  msgid: number;
  at: number;
}

export interface CallbackResult {
  status: number;
  body: string;
  /** The full URL pushed to, query included. */
  url: string;
  /** The XML that was POSTed (GET for URL verification has none). */
  requestBody: string;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** The emulator's clock (ms); defaults to Date.now. advanceTime() adds to it. */
  now?: () => number;
  /** How long a classic token stays valid after /cgi-bin/token issued a newer one. Default 0 (at once: 40001). */
  classicTokenGraceMs?: number;
  /** How long a stable token stays valid after a force_refresh replaced it. Default 30 000. */
  stableForceGraceMs?: number;
  /** Lifetime of OAuth, login and phone codes. Default 5 minutes. */
  codeTtlMs?: number;
  /** How long a push waits for the developer's server. Default 5 000 (WeChat's). */
  callbackTimeoutMs?: number;
}

export interface WeChatEmulator {
  /** e.g. http://127.0.0.1:PORT — serves api.weixin.qq.com, open.weixin.qq.com and mp.weixin.qq.com paths. */
  baseUrl: string;
  registerApp(app: EmulatedApp): void;
  addTemplate(appId: string, templateId: string): void;
  addUser(user: EmulatedUser): void;
  openid(appId: string, userKey: string): string;
  /** The person behind an openid of this app, if any. */
  userKeyOf(appId: string, openid: string): string | undefined;
  unionid(appId: string, userKey: string): string | undefined;
  follow(appId: string, userKey: string): void;
  unfollow(appId: string, userKey: string): void;
  isFollowing(appId: string, userKey: string): boolean;
  grantSubscription(appId: string, userKey: string, templateId: string, times?: number): void;
  subscriptionsLeft(appId: string, userKey: string, templateId: string): number;
  mintOAuthCode(appId: string, userKey: string, scope?: OAuthScope): string;
  mintLoginCode(appId: string, userKey: string): string;
  mintPhoneCode(appId: string, userKey: string): string;
  /** The current jsapi ticket of an app (after the server fetched one), to check JSSDK signatures. */
  jsapiTicket(appId: string): string | undefined;
  /**
   * A user scans a parametric QR code: a follower pushes a SCAN event (EventKey = scene), a non-follower follows and
   * pushes subscribe with EventKey "qrscene_" + scene. Signed (and encrypted in safe mode) as WeChat does.
   */
  scan(appId: string, userKey: string, ticket: string): Promise<CallbackResult>;
  /** Pushes any event or message from this user to the app's callback (MsgType defaults to 'event'). */
  push(appId: string, userKey: string, fields: XmlFields): Promise<CallbackResult>;
  /** WeChat's URL verification: GET callbackUrl?signature&timestamp&nonce&echostr; ok when the echostr comes back. */
  verifyCallbackUrl(appId: string): Promise<CallbackResult & { ok: boolean }>;
  failNext(path: string, errcode: number, times?: number): void;
  /**
   * From now on, each call to `path` fails at random with one of `errcodes` (errorRate), or is held for delayMs
   * before WeChat handles it (slowRate: a caller with a shorter timeout gives up although WeChat went ahead).
   * null ends it.
   */
  chaos(path: string, chaos: { errorRate: number; errcodes: number[]; slowRate: number; delayMs: number } | null): void;
  delayNext(path: string, ms: number, times?: number): void;
  /** The app's current access tokens (classic and stable) start answering 42001. */
  expireTokens(appId: string): void;
  /** Where the emulated phone is for wx.getLocation; 'denied' as when the person refuses the permission. */
  setPosition(position: DevicePosition | 'denied'): void;
  /** What the camera reads at the next wx.scanQRCode. */
  queueScan(text: string): void;
  /** Every wx.config checked, and every share card a page set. */
  jssdk: { configs: JssdkConfigRecord[]; shares: ShareRecord[] };
  now(): number;
  advanceTime(ms: number): void;
  sent: { template: TemplateSendRecord[]; subscribe: SubscribeSendRecord[] };
  calls: CallRecord[];
  close(): Promise<void>;
}

/** The cookie that tells the authorize page who "the WeChat user in this browser" is (silent snsapi_base). */
export const BROWSER_USER_COOKIE = 'wxemu_user';
/** Emulator-only paths (never recorded in `calls`). */
export const CONTROL_PREFIX = '/__emulator/';
const CONFIRM_PATH = '/__emulator/authorize';

const TOKEN_TTL_MS = 7200_000;
const STABLE_EARLY_RENEW_MS = 5 * 60_000;
const STABLE_FORCE_SPACING_MS = 30_000;
const STABLE_FORCE_PER_DAY = 20;
const QR_DEFAULT_SECONDS = 60;
const QR_MAX_SECONDS = 2_592_000;
const CLIENT_MSG_ID_WINDOW_MS = 10 * 60_000;

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40030: 'invalid refresh_token',
  40037: 'invalid template_id',
  40053: 'invalid action info',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  42002: 'refresh_token expired',
  43002: 'require POST method',
  43004: 'require subscribe',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
};

class WxError extends Error {
  constructor(readonly errcode: number) {
    super(`WeChat errcode ${errcode}`);
  }
}
const wx = (errcode: number) => new WxError(errcode);

/** WeChat appends a request id to every error message; clients must classify by errcode, never by errmsg. */
const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const errorBody = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'injected error'} rid: ${rid()}` });

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomCode = (length: number) => Array.from({ length }, () => ALNUM[randomInt(ALNUM.length)]).join('');
const b64url = (bytes: number) => randomBytes(bytes).toString('base64url');

interface TokenRecord {
  value: string;
  appId: string;
  expiresAt: number;
  /** From this time on the token answers 40001 (replaced). */
  revokedAt?: number;
}

interface AppState {
  config: EmulatedApp;
  templates: Set<string>;
  classic?: TokenRecord;
  stable?: TokenRecord;
  lastForceAt?: number;
  forceDay?: number;
  forceCount: number;
  tickets: Map<string, { value: string; expiresAt: number }>;
}

interface CodeRecord {
  kind: 'oauth' | 'login' | 'phone';
  appId: string;
  userKey: string;
  scope?: OAuthScope;
  issuedAt: number;
  used: boolean;
}

interface SnsToken {
  appId: string;
  userKey: string;
  scope: OAuthScope;
  expiresAt: number;
}

interface QrRecord {
  appId: string;
  actionName: string;
  scene: string;
  expiresAt?: number;
}

interface Request {
  method: string;
  path: string;
  query: Record<string, string>;
  raw: string;
  cookies: Record<string, string>;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

type Handler = (request: Request) => Reply | Promise<Reply>;

const json = (value: unknown): Reply => ({ headers: { 'content-type': 'application/json; encoding=utf-8' }, body: JSON.stringify(value) });
const html = (body: string): Reply => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body });
const redirect = (location: string, headers: Record<string, string> = {}): Reply => ({ status: 302, headers: { location, ...headers }, body: '' });

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) {
      try {
        cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        // a cookie that is not ours
      }
    }
  }
  return cookies;
}

function withParams(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export async function startWeChatEmulator(options: EmulatorOptions = {}): Promise<WeChatEmulator> {
  const clock = options.now ?? Date.now;
  let offset = 0;
  const now = () => clock() + offset;
  const classicGrace = options.classicTokenGraceMs ?? 0;
  const stableGrace = options.stableForceGraceMs ?? 30_000;
  const codeTtl = options.codeTtlMs ?? 5 * 60_000;
  const callbackTimeout = options.callbackTimeoutMs ?? 5_000;
  const seed = randomBytes(16).toString('hex');

  const apps = new Map<string, AppState>();
  const users = new Map<string, EmulatedUser>();
  const follows = new Set<string>();
  const grants = new Map<string, number>();
  const tokens = new Map<string, TokenRecord>();
  const codes = new Map<string, CodeRecord>();
  const snsTokens = new Map<string, SnsToken>();
  const refreshTokens = new Map<string, { appId: string; userKey: string; scope: OAuthScope; expiresAt: number }>();
  const qrcodes = new Map<string, QrRecord>();
  const clientMsgIds = new Map<string, { msgid: number; at: number }>();
  const failures = new Map<string, { errcode: number; left: number }[]>();
  const delays = new Map<string, { ms: number; left: number }[]>();
  const chaotic = new Map<string, { errorRate: number; errcodes: number[]; slowRate: number; delayMs: number }>();
  const sent: WeChatEmulator['sent'] = { template: [], subscribe: [] };
  const calls: CallRecord[] = [];
  let nextMsgId = randomInt(1_000_000_000, 2_000_000_000);

  const pair = (...parts: string[]) => parts.join('\n');
  const jssdk = createJssdkEmulation({
    baseUrl: () => emulator.baseUrl,
    app: (appId) => apps.get(appId)?.config,
    ticket: (appId) => emulator.jsapiTicket(appId),
  });

  // ---- lookups used by the control API (they throw: a test that names an unknown app or user is wrong) ----
  function appOf(appId: string, kind?: AppKind): AppState {
    const app = apps.get(appId);
    if (!app) throw new Error(`WeChat emulator: no app ${appId} (registerApp first)`);
    if (kind && app.config.kind !== kind) throw new Error(`WeChat emulator: ${appId} is a ${app.config.kind} app, not ${kind}`);
    return app;
  }
  function userOf(userKey: string): EmulatedUser {
    const user = users.get(userKey);
    if (!user) throw new Error(`WeChat emulator: no user ${userKey} (addUser first)`);
    return user;
  }
  const derive = (...parts: string[]) => `o${createHash('sha256').update(pair(seed, ...parts)).digest('base64url').slice(0, 27)}`;
  function openid(appId: string, userKey: string): string {
    appOf(appId);
    userOf(userKey);
    return derive('openid', appId, userKey);
  }
  function unionid(appId: string, userKey: string): string | undefined {
    const platform = appOf(appId).config.openPlatformId;
    userOf(userKey);
    return platform ? derive('unionid', platform, userKey) : undefined;
  }
  function userKeyOf(appId: string, id: string): string | undefined {
    if (!apps.has(appId)) return undefined;
    for (const key of users.keys()) if (derive('openid', appId, key) === id) return key;
    return undefined;
  }
  const originalId = (app: AppState) => app.config.originalId ?? `gh_${createHash('sha1').update(app.config.appId).digest('hex').slice(0, 12)}`;

  function mint(kind: CodeRecord['kind'], appId: string, userKey: string, scope?: OAuthScope): string {
    const code = kind === 'phone' ? randomBytes(32).toString('hex') : randomCode(32);
    codes.set(code, { kind, appId, userKey, scope, issuedAt: now(), used: false });
    return code;
  }

  /** Single use, codeTtl, bound to the app. Reuse answers 40163 (phone codes: 40029, as getuserphonenumber documents). */
  function consume(code: string, kind: CodeRecord['kind'], appId: string): CodeRecord {
    const record = codes.get(code);
    if (!record || record.kind !== kind || record.appId !== appId) throw wx(40029);
    if (record.used) throw wx(kind === 'phone' ? 40029 : 40163);
    if (now() - record.issuedAt > codeTtl) throw wx(40029);
    record.used = true;
    return record;
  }

  // ---- tokens ----
  function issueToken(appId: string): TokenRecord {
    const record: TokenRecord = { value: `${randomInt(70, 99)}_${b64url(96)}`, appId, expiresAt: now() + TOKEN_TTL_MS };
    tokens.set(record.value, record);
    return record;
  }
  const usable = (record: TokenRecord | undefined): record is TokenRecord =>
    Boolean(record) && !(record!.revokedAt !== undefined && now() >= record!.revokedAt) && now() < record!.expiresAt;
  const revoke = (record: TokenRecord, at: number) => {
    record.revokedAt = Math.min(record.revokedAt ?? Infinity, at);
  };

  function appWithToken(request: Request, kinds: AppKind[]): AppState {
    const value = request.query.access_token;
    if (!value) throw wx(41001);
    const record = tokens.get(value);
    if (!record) throw wx(40001);
    if (record.revokedAt !== undefined && now() >= record.revokedAt) throw wx(40001);
    if (now() >= record.expiresAt) throw wx(42001);
    const app = appOf(record.appId);
    if (!kinds.includes(app.config.kind)) throw wx(48001);
    return app;
  }

  /** appid + secret as the credential endpoints check them. */
  function credentials(appid: string | undefined, secret: string | undefined, kinds: AppKind[]): AppState {
    if (!appid) throw wx(41002);
    const app = apps.get(appid);
    if (!app || !kinds.includes(app.config.kind)) throw wx(40013);
    if (!secret) throw wx(41004);
    if (secret !== app.config.appSecret) throw wx(40125);
    return app;
  }

  function jsonBody(request: Request): Record<string, unknown> {
    if (!request.raw.trim()) throw wx(44002);
    let value: unknown;
    try {
      value = JSON.parse(request.raw);
    } catch {
      throw wx(47001);
    }
    if (!isObject(value)) throw wx(47001);
    return value;
  }

  function recipient(app: AppState, touser: unknown): string {
    const key = typeof touser === 'string' ? userKeyOf(app.config.appId, touser) : undefined;
    if (!key) throw wx(40003);
    return key;
  }

  // ---- routes ----
  const routes = new Map<string, { method: 'GET' | 'POST' | 'ANY'; handler: Handler }>();
  const route = (method: 'GET' | 'POST' | 'ANY', path: string, handler: Handler) => routes.set(path, { method, handler });

  route('ANY', '/cgi-bin/token', ({ query }) => {
    if (query.grant_type !== 'client_credential') throw wx(40002);
    const app = credentials(query.appid, query.secret, ['official', 'mini']);
    const previous = app.classic;
    app.classic = issueToken(app.config.appId);
    if (previous) revoke(previous, now() + classicGrace);
    return json({ access_token: app.classic.value, expires_in: TOKEN_TTL_MS / 1000 });
  });

  route('POST', '/cgi-bin/stable_token', (request) => {
    const body = jsonBody(request);
    if (body.grant_type !== 'client_credential') throw wx(40002);
    const app = credentials(str(body.appid), str(body.secret), ['official', 'mini']);
    const force = body.force_refresh === true || body.force_refresh === 'true';
    const t = now();
    const current = app.stable;
    let answer: TokenRecord;
    if (force) {
      if (usable(current) && app.lastForceAt !== undefined && t - app.lastForceAt < STABLE_FORCE_SPACING_MS) {
        answer = current; // consecutive force refreshes less than 30 s apart do not refresh
      } else {
        const day = Math.floor(t / 86_400_000);
        if (app.forceDay !== day) {
          app.forceDay = day;
          app.forceCount = 0;
        }
        if (app.forceCount >= STABLE_FORCE_PER_DAY) throw wx(45009);
        app.forceCount++;
        app.lastForceAt = t;
        answer = issueToken(app.config.appId);
        if (current) revoke(current, t + stableGrace);
      }
    } else if (usable(current) && current.expiresAt - t > STABLE_EARLY_RENEW_MS) {
      answer = current;
    } else {
      answer = issueToken(app.config.appId); // the previous one stays valid until its own expiry
    }
    app.stable = answer;
    return json({ access_token: answer.value, expires_in: Math.floor((answer.expiresAt - t) / 1000) });
  });

  route('ANY', '/cgi-bin/ticket/getticket', (request) => {
    const app = appWithToken(request, ['official']);
    const type = request.query.type;
    if (type !== 'jsapi' && type !== 'wx_card') throw wx(40097);
    let ticket = app.tickets.get(type);
    if (!ticket || now() >= ticket.expiresAt) {
      ticket = { value: b64url(64), expiresAt: now() + TOKEN_TTL_MS };
      app.tickets.set(type, ticket);
    }
    // Whole seconds left, rounded up: a ticket issued just now has 7200, as WeChat answers, however slow the machine.
    return json({ errcode: 0, errmsg: 'ok', ticket: ticket.value, expires_in: Math.ceil((ticket.expiresAt - now()) / 1000) });
  });

  /** The checks WeChat makes before showing its authorize page; an error page (HTTP 200, like WeChat) or the app. */
  function authorizeTarget(query: Record<string, string>): { app: AppState; redirectUri: string; scope: OAuthScope } | Reply {
    const app = query.appid ? apps.get(query.appid) : undefined;
    if (!app || app.config.kind !== 'official') return html(errorPage(null, '参数错误：appid 无效 / invalid appid'));
    if (!query.redirect_uri) return html(errorPage(null, '参数错误：缺少 redirect_uri / missing redirect_uri'));
    let host: string;
    try {
      host = new URL(query.redirect_uri).host;
    } catch {
      return html(errorPage(null, '参数错误：redirect_uri 无效 / invalid redirect_uri'));
    }
    if (app.config.oauthDomains && !app.config.oauthDomains.includes(host)) {
      return html(errorPage(10003, 'redirect_uri域名与后台配置不一致 / redirect_uri domain not configured'));
    }
    if (query.response_type !== 'code') return html(errorPage(null, '参数错误：response_type 必须为 code'));
    if (query.scope !== 'snsapi_base' && query.scope !== 'snsapi_userinfo') return html(errorPage(10005, '此公众号并没有这些scope的权限 / scope not allowed'));
    return { app, redirectUri: query.redirect_uri, scope: query.scope };
  }

  route('GET', '/connect/oauth2/authorize', ({ query, cookies }) => {
    const target = authorizeTarget(query);
    if ('body' in target) return target;
    const state = query.state ?? '';
    const known = cookies[BROWSER_USER_COOKIE];
    if (target.scope === 'snsapi_base' && known && users.has(known)) {
      // snsapi_base is silent in WeChat: the browser's user is already known.
      return redirect(withParams(target.redirectUri, { code: mint('oauth', target.app.config.appId, known, 'snsapi_base'), state }));
    }
    return html(
      authorizePage({
        appId: target.app.config.appId,
        appName: target.app.config.name ?? target.app.config.appId,
        redirectUri: target.redirectUri,
        scope: target.scope,
        state,
        users: [...users.values()],
        selectedKey: known,
        confirmPath: CONFIRM_PATH,
      }),
    );
  });

  route('ANY', CONFIRM_PATH, ({ query }) => {
    const target = authorizeTarget({ ...query, response_type: 'code' });
    if ('body' in target) return target;
    const state = query.state ?? '';
    if (query.action === 'deny') return redirect(withParams(target.redirectUri, { state }));
    const key = (query.user_key ?? '').trim() || query.user;
    if (!key) return html(errorPage(null, '请选择或输入一个用户 / choose or type a user'));
    if (!users.has(key)) users.set(key, { key, nickname: key });
    const code = mint('oauth', target.app.config.appId, key, target.scope);
    return redirect(withParams(target.redirectUri, { code, state }), {
      'set-cookie': `${BROWSER_USER_COOKIE}=${encodeURIComponent(key)}; Path=/; SameSite=Lax`,
    });
  });

  function issueSnsToken(appId: string, userKey: string, scope: OAuthScope) {
    const accessToken = `${randomInt(70, 99)}_${b64url(72)}`;
    const refreshToken = `${randomInt(70, 99)}_${b64url(72)}`;
    snsTokens.set(accessToken, { appId, userKey, scope, expiresAt: now() + TOKEN_TTL_MS });
    refreshTokens.set(refreshToken, { appId, userKey, scope, expiresAt: now() + 30 * 86_400_000 });
    const union = scope === 'snsapi_userinfo' ? unionid(appId, userKey) : undefined;
    return {
      access_token: accessToken,
      expires_in: TOKEN_TTL_MS / 1000,
      refresh_token: refreshToken,
      openid: openid(appId, userKey),
      scope,
      ...(union ? { unionid: union } : {}),
    };
  }

  route('ANY', '/sns/oauth2/access_token', ({ query }) => {
    const app = credentials(query.appid, query.secret, ['official']);
    if (query.grant_type !== 'authorization_code') throw wx(40002);
    if (!query.code) throw wx(41008);
    const record = consume(query.code, 'oauth', app.config.appId);
    return json(issueSnsToken(app.config.appId, record.userKey, record.scope ?? 'snsapi_base'));
  });

  route('ANY', '/sns/oauth2/refresh_token', ({ query }) => {
    if (!query.appid) throw wx(41002);
    if (!apps.has(query.appid)) throw wx(40013);
    if (query.grant_type !== 'refresh_token') throw wx(40002);
    const record = query.refresh_token ? refreshTokens.get(query.refresh_token) : undefined;
    if (!record || record.appId !== query.appid) throw wx(40030);
    if (now() >= record.expiresAt) throw wx(42002);
    const issued = issueSnsToken(record.appId, record.userKey, record.scope);
    refreshTokens.delete(issued.refresh_token); // refreshing keeps the same refresh_token
    return json({ ...issued, refresh_token: query.refresh_token });
  });

  route('ANY', '/sns/userinfo', ({ query }) => {
    if (!query.access_token) throw wx(41001);
    const token = snsTokens.get(query.access_token);
    if (!token) throw wx(40001);
    if (now() >= token.expiresAt) throw wx(42001);
    if (query.openid !== openid(token.appId, token.userKey)) throw wx(40003);
    if (token.scope !== 'snsapi_userinfo') throw wx(48001);
    const user = userOf(token.userKey);
    const union = unionid(token.appId, token.userKey);
    return json({
      openid: query.openid,
      nickname: user.nickname ?? user.key,
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: '',
      privilege: [],
      ...(union ? { unionid: union } : {}),
    });
  });

  route('ANY', '/sns/jscode2session', ({ query }) => {
    const app = credentials(query.appid, query.secret, ['mini']);
    if (query.grant_type !== 'authorization_code') throw wx(40002);
    if (!query.js_code) throw wx(41008);
    const record = consume(query.js_code, 'login', app.config.appId);
    const union = unionid(app.config.appId, record.userKey);
    return json({ session_key: randomBytes(16).toString('base64'), openid: openid(app.config.appId, record.userKey), ...(union ? { unionid: union } : {}) });
  });

  route('POST', '/wxa/business/getuserphonenumber', (request) => {
    const app = appWithToken(request, ['mini']);
    const body = jsonBody(request);
    const code = str(body.code);
    if (!code) throw wx(40029);
    const record = consume(code, 'phone', app.config.appId);
    if (body.openid !== undefined && body.openid !== openid(app.config.appId, record.userKey)) throw wx(40003);
    const phone = userOf(record.userKey).phone!;
    return json({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { timestamp: Math.floor(now() / 1000), appid: app.config.appId } },
    });
  });

  route('POST', '/cgi-bin/qrcode/create', (request) => {
    const app = appWithToken(request, ['official']);
    const body = jsonBody(request);
    const action = body.action_name;
    if (action !== 'QR_SCENE' && action !== 'QR_STR_SCENE' && action !== 'QR_LIMIT_SCENE' && action !== 'QR_LIMIT_STR_SCENE') throw wx(40097);
    const scene = isObject(body.action_info) && isObject(body.action_info.scene) ? body.action_info.scene : undefined;
    if (!scene) throw wx(40053);
    let value: string;
    if (action === 'QR_SCENE' || action === 'QR_LIMIT_SCENE') {
      const id = typeof scene.scene_id === 'string' && /^\d+$/.test(scene.scene_id) ? Number(scene.scene_id) : scene.scene_id;
      const max = action === 'QR_SCENE' ? 4_294_967_295 : 100_000;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > max) throw wx(40053);
      value = String(id);
    } else {
      const text = scene.scene_str;
      if (typeof text !== 'string' || text.length < 1 || text.length > 64) throw wx(40053);
      value = text;
    }
    const temporary = action === 'QR_SCENE' || action === 'QR_STR_SCENE';
    const requested = Number(body.expire_seconds);
    const seconds = Number.isFinite(requested) && requested > 0 ? Math.min(Math.floor(requested), QR_MAX_SECONDS) : QR_DEFAULT_SECONDS;
    const short = randomCode(22);
    const url = `http://weixin.qq.com/q/${short}`;
    // Like WeChat's, the ticket is base64 with + / =: it must be URL-encoded in showqrcode's query.
    const ticket = Buffer.concat([randomBytes(10), Buffer.from(url)]).toString('base64');
    qrcodes.set(ticket, { appId: app.config.appId, actionName: action, scene: value, expiresAt: temporary ? now() + seconds * 1000 : undefined });
    return json(temporary ? { ticket, expire_seconds: seconds, url } : { ticket, url });
  });

  route('GET', '/cgi-bin/showqrcode', ({ query }): Reply => {
    const qr = query.ticket ? qrcodes.get(query.ticket) : undefined;
    if (!qr || (qr.expiresAt !== undefined && now() >= qr.expiresAt)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'invalid ticket' };
    return { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' }, body: qrSvg(query.ticket, createHash('sha256').update(query.ticket).digest()) };
  });

  route('POST', '/cgi-bin/message/template/send', (request) => {
    const app = appWithToken(request, ['official']);
    const body = jsonBody(request);
    const userKey = recipient(app, body.touser);
    const templateId = str(body.template_id);
    if (!templateId || !app.templates.has(templateId)) throw wx(40037);
    if (!isObject(body.data)) throw wx(47001);
    if (!follows.has(pair(app.config.appId, userKey))) throw wx(43004);
    const clientMsgId = str(body.client_msg_id);
    const dedupKey = clientMsgId ? pair(app.config.appId, String(body.touser), clientMsgId) : undefined;
    const earlier = dedupKey ? clientMsgIds.get(dedupKey) : undefined;
    if (earlier && now() - earlier.at < CLIENT_MSG_ID_WINDOW_MS) return json({ errcode: 0, errmsg: 'ok', msgid: earlier.msgid });
    const msgid = nextMsgId++;
    if (dedupKey) clientMsgIds.set(dedupKey, { msgid, at: now() });
    sent.template.push({
      appId: app.config.appId,
      userKey,
      touser: String(body.touser),
      template_id: templateId,
      url: str(body.url),
      miniprogram: body.miniprogram,
      data: body.data,
      client_msg_id: clientMsgId,
      msgid,
      at: now(),
    });
    return json({ errcode: 0, errmsg: 'ok', msgid });
  });

  const subscribeSend =
    (via: 'send' | 'bizsend'): Handler =>
    (request) => {
      const app = appWithToken(request, [via === 'send' ? 'mini' : 'official']);
      const body = jsonBody(request);
      const userKey = recipient(app, body.touser);
      const templateId = str(body.template_id);
      if (!templateId || !app.templates.has(templateId)) throw wx(40037);
      if (!isObject(body.data)) throw wx(47003);
      const grantKey = pair(app.config.appId, userKey, templateId);
      const left = grants.get(grantKey) ?? 0;
      if (left <= 0) throw wx(43101);
      grants.set(grantKey, left - 1);
      const msgid = nextMsgId++;
      sent.subscribe.push({
        appId: app.config.appId,
        userKey,
        touser: String(body.touser),
        template_id: templateId,
        via,
        page: str(body.page),
        miniprogram: body.miniprogram,
        miniprogram_state: str(body.miniprogram_state),
        lang: str(body.lang),
        data: body.data,
        msgid,
        at: now(),
      });
      return json({ errcode: 0, errmsg: 'ok', msgid });
    };
  route('POST', '/cgi-bin/message/subscribe/send', subscribeSend('send'));
  route('POST', '/cgi-bin/message/subscribe/bizsend', subscribeSend('bizsend'));

  // ---- callbacks (pushes to the developer's server) ----
  async function deliver(app: AppState, openidValue: string, xml: string): Promise<CallbackResult> {
    const { callbackUrl, token, encodingAESKey } = app.config;
    if (!callbackUrl || !token) throw new Error(`WeChat emulator: ${app.config.appId} has no callbackUrl/token`);
    const mode: MessageMode = app.config.messageMode ?? (encodingAESKey ? 'safe' : 'plain');
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = String(randomInt(100_000_000, 2_147_483_647));
    const query: Record<string, string> = { signature: sha1Signature(token, timestamp, nonce), timestamp, nonce, openid: openidValue };
    let body = xml;
    if (mode !== 'plain') {
      if (!encodingAESKey) throw new Error(`WeChat emulator: ${app.config.appId} is in ${mode} mode without an encodingAESKey`);
      const encrypt = encryptMessage(xml, encodingAESKey, app.config.appId);
      query.encrypt_type = 'aes';
      query.msg_signature = sha1Signature(token, timestamp, nonce, encrypt);
      body =
        mode === 'safe'
          ? buildXml({ ToUserName: originalId(app), Encrypt: encrypt })
          : xml.replace(/<\/xml>$/, `${buildXml({ Encrypt: encrypt }).slice('<xml>'.length, -'</xml>'.length)}</xml>`);
    }
    const url = withParams(callbackUrl, query);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'user-agent': 'Mozilla/4.0' },
      body,
      signal: AbortSignal.timeout(callbackTimeout),
    });
    return { status: response.status, body: await response.text(), url, requestBody: body };
  }

  async function push(appId: string, userKey: string, fields: XmlFields): Promise<CallbackResult> {
    const app = appOf(appId, 'official');
    const id = openid(appId, userKey);
    const xml = buildXml({ ToUserName: originalId(app), FromUserName: id, CreateTime: Math.floor(now() / 1000), MsgType: 'event', ...fields });
    return deliver(app, id, xml);
  }

  // ---- the HTTP server ----
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) if (!(name in query)) query[name] = value;
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const request: Request = { method, path, query, raw, cookies: parseCookies(req.headers.cookie) };

    let reply: Reply;
    const jssdkReply = jssdk.handle(path, method, raw);
    if (jssdkReply) {
      reply = jssdkReply;
    } else if (path.startsWith(CONTROL_PREFIX) && path !== CONFIRM_PATH) {
      reply = await control(request);
    } else {
      if (path !== CONFIRM_PATH) {
        let body: unknown;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw;
          }
        }
        calls.push({ method, path, query, body, at: now() });
      }
      reply = await dispatch(request);
    }
    res.writeHead(reply.status ?? 200, reply.headers ?? {});
    res.end(reply.body);
  }

  async function dispatch(request: Request): Promise<Reply> {
    const delay = take(delays, request.path);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    const failure = take(failures, request.path);
    if (failure) return json(errorBody(failure.errcode));
    const chaos = chaotic.get(request.path);
    if (chaos) {
      const roll = Math.random();
      if (roll < chaos.errorRate) return json(errorBody(chaos.errcodes[randomInt(chaos.errcodes.length)]));
      if (roll < chaos.errorRate + chaos.slowRate) await new Promise((resolve) => setTimeout(resolve, chaos.delayMs));
    }
    const target = routes.get(request.path);
    if (!target) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    if (target.method === 'POST' && request.method !== 'POST') return json(errorBody(43002));
    try {
      return await target.handler(request);
    } catch (error) {
      if (error instanceof WxError) return json(errorBody(error.errcode));
      return json({ ...errorBody(-1), emulator_error: String(error) });
    }
  }

  function take<T extends { left: number }>(queues: Map<string, T[]>, path: string): T | undefined {
    const queue = queues.get(path);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.left--;
    if (head.left <= 0) queue.shift();
    return head;
  }
  const normalize = (path: string) => (path.startsWith('/') ? path : `/${path}`).split('?')[0];

  // ---- the control API ----
  const emulator: WeChatEmulator = {
    baseUrl: '',
    registerApp(config) {
      if (config.encodingAESKey) {
        if (!/^[A-Za-z0-9+/]{43}$/.test(config.encodingAESKey)) throw new Error('WeChat emulator: encodingAESKey must be 43 base64 characters');
      }
      const existing = apps.get(config.appId);
      const templates = existing?.templates ?? new Set<string>();
      for (const id of config.templates ?? []) templates.add(id);
      apps.set(config.appId, existing ? { ...existing, config, templates } : { config, templates, forceCount: 0, tickets: new Map() });
    },
    addTemplate(appId, templateId) {
      appOf(appId).templates.add(templateId);
    },
    addUser(user) {
      users.set(user.key, { ...users.get(user.key), ...user });
    },
    openid,
    userKeyOf,
    unionid,
    follow(appId, userKey) {
      appOf(appId, 'official');
      userOf(userKey);
      follows.add(pair(appId, userKey));
    },
    unfollow(appId, userKey) {
      appOf(appId, 'official');
      follows.delete(pair(appId, userKey));
    },
    isFollowing: (appId, userKey) => follows.has(pair(appId, userKey)),
    grantSubscription(appId, userKey, templateId, times = 1) {
      const app = appOf(appId);
      userOf(userKey);
      app.templates.add(templateId);
      const key = pair(appId, userKey, templateId);
      grants.set(key, (grants.get(key) ?? 0) + times);
    },
    subscriptionsLeft: (appId, userKey, templateId) => grants.get(pair(appId, userKey, templateId)) ?? 0,
    mintOAuthCode(appId, userKey, scope = 'snsapi_base') {
      appOf(appId, 'official');
      userOf(userKey);
      return mint('oauth', appId, userKey, scope);
    },
    mintLoginCode(appId, userKey) {
      appOf(appId, 'mini');
      userOf(userKey);
      return mint('login', appId, userKey);
    },
    mintPhoneCode(appId, userKey) {
      appOf(appId, 'mini');
      if (!userOf(userKey).phone) throw new Error(`WeChat emulator: user ${userKey} has no phone`);
      return mint('phone', appId, userKey);
    },
    jsapiTicket(appId) {
      const ticket = appOf(appId).tickets.get('jsapi');
      return ticket && now() < ticket.expiresAt ? ticket.value : undefined;
    },
    async scan(appId, userKey, ticket) {
      appOf(appId, 'official');
      const qr = qrcodes.get(ticket);
      if (!qr || qr.appId !== appId) throw new Error(`WeChat emulator: no QR code with ticket ${ticket} for ${appId}`);
      if (qr.expiresAt !== undefined && now() >= qr.expiresAt) throw new Error('WeChat emulator: the QR code has expired (WeChat pushes nothing)');
      if (follows.has(pair(appId, userKey))) return push(appId, userKey, { Event: 'SCAN', EventKey: qr.scene, Ticket: ticket });
      emulator.follow(appId, userKey);
      return push(appId, userKey, { Event: 'subscribe', EventKey: `qrscene_${qr.scene}`, Ticket: ticket });
    },
    push,
    async verifyCallbackUrl(appId) {
      const app = appOf(appId, 'official');
      const { callbackUrl, token } = app.config;
      if (!callbackUrl || !token) throw new Error(`WeChat emulator: ${appId} has no callbackUrl/token`);
      const timestamp = String(Math.floor(now() / 1000));
      const nonce = String(randomInt(100_000_000, 2_147_483_647));
      const echostr = String(randomInt(1, 2 ** 47)) + String(randomInt(100_000, 999_999));
      const url = withParams(callbackUrl, { signature: sha1Signature(token, timestamp, nonce), echostr, timestamp, nonce });
      const response = await fetch(url, { headers: { 'user-agent': 'Mozilla/4.0' }, signal: AbortSignal.timeout(callbackTimeout) });
      const body = await response.text();
      return { ok: response.status === 200 && body === echostr, status: response.status, body, url, requestBody: '' };
    },
    failNext(path, errcode, times = 1) {
      const key = normalize(path);
      failures.set(key, [...(failures.get(key) ?? []), { errcode, left: times }]);
    },
    chaos(path, chaos) {
      if (chaos) chaotic.set(normalize(path), chaos);
      else chaotic.delete(normalize(path));
    },
    delayNext(path, ms, times = 1) {
      const key = normalize(path);
      delays.set(key, [...(delays.get(key) ?? []), { ms, left: times }]);
    },
    expireTokens(appId) {
      appOf(appId);
      const t = now();
      for (const record of tokens.values()) if (record.appId === appId && record.expiresAt > t) record.expiresAt = t;
    },
    setPosition: jssdk.setPosition,
    queueScan: jssdk.queueScan,
    jssdk: { configs: jssdk.configs, shares: jssdk.shares },
    now,
    advanceTime(ms) {
      offset += ms;
    },
    sent,
    calls,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };

  /** The demo "phone": GET shows the people who could scan; POST scans as the chosen one (see pages.ts). */
  async function scanFromPage(request: Request): Promise<Reply> {
    const form = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(request.raw)) : request.query;
    const ticket = form.ticket ?? '';
    const people = [...users.values()].map((user) => ({ key: user.key, nickname: user.nickname }));
    if (request.method !== 'POST') return html(scanPage({ ticket, users: people }));
    const qr = qrcodes.get(ticket);
    if (!qr) return html(scanPage({ ticket, users: people, error: '没有这个二维码 / no such QR code' }));
    try {
      const result = await emulator.scan(qr.appId, form.user ?? '', ticket);
      const reply = /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(result.body)?.[1];
      return html(scanPage({ ticket, users: people, answer: reply ?? result.body }));
    } catch (error) {
      return html(scanPage({ ticket, users: people, error: error instanceof Error ? error.message : String(error) }));
    }
  }

  /** The control API over HTTP, for a standalone emulator (cli.ts): POST /__emulator/control {op, args}. */
  const CONTROL_OPS = new Set([
    'registerApp', 'addTemplate', 'addUser', 'openid', 'userKeyOf', 'unionid', 'follow', 'unfollow', 'isFollowing',
    'grantSubscription', 'subscriptionsLeft', 'mintOAuthCode', 'mintLoginCode', 'mintPhoneCode', 'jsapiTicket', 'scan',
    'push', 'verifyCallbackUrl', 'failNext', 'chaos', 'delayNext', 'expireTokens', 'setPosition', 'queueScan', 'now', 'advanceTime',
  ]);
  async function control(request: Request): Promise<Reply> {
    if (request.path === `${CONTROL_PREFIX}scan`) return scanFromPage(request);
    if (request.path === `${CONTROL_PREFIX}state` && request.method === 'GET') return json({ sent, calls, jssdk: emulator.jssdk, apps: [...apps.keys()], users: [...users.values()] });
    if (request.path !== `${CONTROL_PREFIX}control` || request.method !== 'POST') return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    try {
      const { op, args } = JSON.parse(request.raw || '{}') as { op?: string; args?: unknown[] };
      if (!op || !CONTROL_OPS.has(op)) throw new Error(`unknown op ${String(op)}`);
      const fn = (emulator as unknown as Record<string, (...values: unknown[]) => unknown>)[op];
      const result = await fn(...(Array.isArray(args) ? args : []));
      return json({ result: result ?? null });
    } catch (error) {
      return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: error instanceof Error ? error.message : String(error) }) };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  emulator.baseUrl = `http://127.0.0.1:${port}`;
  return emulator;
}
