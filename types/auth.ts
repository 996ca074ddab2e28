import { z } from 'zod';
import { newPassword, objectId, trimmed } from './common';
import { ROLES } from './permissions';

export const loginBody = z.strictObject({
  /** The tenant's short code, e.g. `demo`: the same person may work with several manufacturers. */
  tenant: trimmed(40),
  /** A username or an 11-digit mobile number. */
  account: trimmed(64),
  password: z.string().min(1).max(128),
});
export type LoginBody = z.infer<typeof loginBody>;

export const refreshBody = z.strictObject({ refreshToken: z.string().min(10).max(300) });

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export const tokenPair = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number(),
  refreshToken: z.string(),
  /** When true, every call but `/me`, change-password and logout answers `auth.password_change_required`. */
  mustChangePassword: z.boolean(),
});
export type TokenPair = z.infer<typeof tokenPair>;

export const me = z.object({
  id: objectId,
  tenant: z.object({ id: objectId, code: z.string(), name: z.string() }),
  partner: z.object({ id: objectId, name: z.string() }).nullable(),
  name: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  mustChangePassword: z.boolean(),
  locale: z.enum(['zh-CN', 'en-US']),
});
export type Me = z.infer<typeof me>;

/** A WeChat login either signs in (the identity is bound) or asks for the one step that binds it. */
export const wechatLoginResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), tokens: tokenPair }),
  z.object({ status: z.literal('needs_binding'), bindTicket: z.string() }),
]);
export type WechatLoginResult = z.infer<typeof wechatLoginResult>;
