import { z } from 'zod';

/** Kinds of notice a tenant maps to its own WeChat template (official account) or subscribe template (mini-program). */
export const NOTICE_KINDS = ['todo', 'approval_result', 'lead_assigned', 'order_status', 'notice'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const WECHAT_APP_KINDS = ['official', 'mini'] as const;
export type WechatAppKind = (typeof WECHAT_APP_KINDS)[number];

export const wechatAppId = z.string().regex(/^wx[0-9a-f]{16}$/, 'wechat_app_id');
export const wechatAppParams = z.strictObject({ appId: wechatAppId });

const templates = z.partialRecord(z.enum(NOTICE_KINDS), z.string().trim().min(1).max(64));

/**
 * Binding an official account or a mini-program. Secrets are write-only: leave them out of an update to keep the
 * stored ones. The token and AES key verify and decrypt the official account's callbacks.
 */
export const wechatAppInput = z.strictObject({
  kind: z.enum(WECHAT_APP_KINDS),
  name: z.string().trim().min(1).max(60),
  appSecret: z.string().regex(/^[0-9a-f]{32}$/, 'wechat_app_secret').optional(),
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'wechat_token').optional(),
  encodingAESKey: z.string().regex(/^[A-Za-z0-9]{43}$/, 'wechat_aes_key').optional(),
  messageMode: z.enum(['plain', 'safe']).default('plain'),
  templates: templates.default({}),
});
export type WechatAppInput = z.infer<typeof wechatAppInput>;

export const wechatApp = z.object({
  appId: wechatAppId,
  kind: z.enum(WECHAT_APP_KINDS),
  name: z.string(),
  messageMode: z.enum(['plain', 'safe']),
  templates,
  /** Whether each secret is stored; the values themselves never leave the server. */
  appSecretSet: z.boolean(),
  tokenSet: z.boolean(),
  encodingAESKeySet: z.boolean(),
  /** Where to point the official account's server configuration. */
  callbackPath: z.string().nullable(),
  updatedAt: z.string(),
});
export type WechatApp = z.infer<typeof wechatApp>;

// ---- Mini-program login ---------------------------------------------------------------------------
export const miniLoginBody = z.strictObject({
  appId: wechatAppId,
  /** From wx.login. */
  code: z.string().trim().min(1).max(128),
});
/** Once the phone-number button was tapped: binds this WeChat identity to the account with that number. */
export const miniPhoneBody = z.strictObject({
  bindTicket: z.string().min(10).max(1000),
  /** From the getPhoneNumber button's event (detail.code). */
  phoneCode: z.string().trim().min(1).max(128),
});

// ---- Web logins: H5 OAuth inside WeChat, scan-to-login on the web portal ------------------------------
const relativePage = z.string().regex(/^\/pages\/[\w/-]+$/, 'page_path').max(200);
export const oauthStartQuery = z.strictObject({ tenant: z.string().trim().min(1).max(40), redirect: relativePage.optional() });
export const oauthCallbackQuery = z.strictObject({ code: z.string().max(200).optional(), state: z.string().max(200) });
export const wechatBindBody = z.strictObject({
  bindTicket: z.string().min(10).max(1000),
  account: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export const qrLoginBody = z.strictObject({ tenant: z.string().trim().min(1).max(40) });
export const qrLogin = z.object({
  /** The secret the waiting page polls with. */
  pendingId: z.string(),
  /** The QR code image to show (WeChat's showqrcode). */
  imageUrl: z.string(),
  expiresAt: z.string(),
});
export const pendingParams = z.strictObject({ pendingId: z.string().regex(/^[A-Za-z0-9_-]{32,64}$/) });
export const pendingStatus = z.discriminatedUnion('status', [
  z.object({ status: z.enum(['waiting', 'expired', 'refused']) }),
  z.object({ status: z.literal('signed_in'), tokens: z.object({ accessToken: z.string(), expiresIn: z.number(), refreshToken: z.string(), mustChangePassword: z.boolean() }) }),
]);
export type PendingStatus = z.infer<typeof pendingStatus>;

// ---- JSSDK ---------------------------------------------------------------------------------------------
/** The page URL to sign (its #fragment is ignored); on iOS the client sends the first URL the app landed on. */
export const jssdkConfigQuery = z.strictObject({ url: z.string().url().max(1000) });
export const jssdkConfig = z.object({
  appId: wechatAppId,
  timestamp: z.number(),
  nonceStr: z.string(),
  signature: z.string(),
  /** WeChat's JSSDK script, loaded by the page before wx.config. */
  scriptUrl: z.string().url(),
});
export type JssdkConfig = z.infer<typeof jssdkConfig>;
