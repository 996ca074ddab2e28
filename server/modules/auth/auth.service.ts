import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { ChangePasswordBody, LoginBody, Me, TokenPair } from '../../../types/auth';
import type { AccessClaims, TokenSigner } from '../../core/auth';
import { caller } from '../../core/context';
import { AppError } from '../../core/errors';
import { Tenant } from '../tenants/tenant.model';
import { Partner } from '../partners/partner.model';
import { hashPassword, verifyDecoy, verifyPassword } from './password';
import { Session, type SessionDoc } from './session.model';
import { User, type UserDoc } from './user.model';

/** Failures allowed before the account locks; each further failure doubles the lock, up to an hour. */
export const LOCK_AFTER_FAILURES = 5;
const LOCK_MAX_MINUTES = 60;

function lockMinutes(failures: number): number {
  return Math.min(2 ** (failures - LOCK_AFTER_FAILURES), LOCK_MAX_MINUTES);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** `tenantId.sessionId.secret`: the ids find the session without a signed-in context, the secret proves possession. */
function parseRefreshToken(token: string): { tenantId: Types.ObjectId; sessionId: Types.ObjectId; secret: string } {
  const [tenantId, sessionId, secret] = token.split('.');
  if (!Types.ObjectId.isValid(tenantId ?? '') || !Types.ObjectId.isValid(sessionId ?? '') || !secret) {
    throw new AppError(401, 'auth.refresh_invalid');
  }
  return { tenantId: new Types.ObjectId(tenantId), sessionId: new Types.ObjectId(sessionId), secret };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(options: { signer: TokenSigner; refreshTtlDays: number }) {
  const { signer } = options;
  const refreshTtlMs = options.refreshTtlDays * 86_400_000;

  function issue(user: UserDoc, session: Pick<SessionDoc, '_id'>, secret: string): TokenPair {
    const claims: AccessClaims = {
      sub: user._id.toHexString(),
      tid: user.tenantId.toHexString(),
      sid: session._id.toHexString(),
      roles: [user.role],
      ...(user.partnerId ? { pid: user.partnerId.toHexString() } : {}),
      ...(user.mustChangePassword ? { pwc: true as const } : {}),
    };
    return {
      accessToken: signer.sign(claims),
      expiresIn: signer.ttlSeconds,
      refreshToken: `${user.tenantId.toHexString()}.${session._id.toHexString()}.${secret}`,
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** Refuses users who may not be signed in right now, whatever their password. */
  async function assertMayAct(user: UserDoc): Promise<void> {
    if (user.status !== 'active') throw new AppError(403, 'auth.account_disabled');
    if (user.partnerId) {
      const partner = await Partner.findOne({ tenantId: user.tenantId, _id: user.partnerId }, { status: 1 }).lean();
      if (!partner || partner.status !== 'active') throw new AppError(403, 'auth.partner_suspended');
    }
  }

  async function openSession(user: UserDoc, userAgent: string | undefined): Promise<TokenPair> {
    const secret = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await Session.create({
      tenantId: user.tenantId,
      userId: user._id,
      partnerId: user.partnerId,
      tokenHash: sha256(secret),
      expiresAt: new Date(now.getTime() + refreshTtlMs),
      userAgent: userAgent?.slice(0, 200) ?? null,
      lastUsedAt: now,
    });
    // A suspension sets the partner's status before revoking its sessions; checking again after creating ours
    // means a login racing a suspension can never leave a live session behind.
    try {
      await assertMayAct(user);
    } catch (error) {
      await Session.updateOne({ tenantId: user.tenantId, _id: session._id }, { revokedAt: new Date(), revokedReason: 'partner_suspended' });
      throw error;
    }
    return issue(user, session, secret);
  }

  /**
   * Checks an account and password with lockout and decoy timing; answers the user who may act. `tenant` is the
   * tenant's code (login form) or id (a flow that already knows the tenant, e.g. WeChat binding).
   */
  async function verifyCredentials(tenantRef: { code: string } | { id: string }, body: Pick<LoginBody, 'account' | 'password'>): Promise<UserDoc> {
    const tenant = await Tenant.findOne('code' in tenantRef ? { code: tenantRef.code.toLowerCase(), status: 'active' } : { _id: tenantRef.id, status: 'active' }).lean();
    const account = body.account.trim();
    const user = tenant ? await User.findOne({ tenantId: tenant._id, logins: /^\d+$/.test(account) ? account : account.toLowerCase() }).lean<UserDoc>() : null;
    if (!user) {
      await verifyDecoy(body.password);
      throw new AppError(401, 'auth.invalid_credentials');
    }
    const now = Date.now();
    if (user.lockedUntil && user.lockedUntil.getTime() > now) {
      throw new AppError(429, 'auth.locked', undefined, { retryAfter: Math.ceil((user.lockedUntil.getTime() - now) / 1000) });
    }
    if (!(await verifyPassword(user.passwordHash, body.password))) {
      const updated = await User.findOneAndUpdate({ tenantId: user.tenantId, _id: user._id }, { $inc: { failedLogins: 1 } }, { new: true, projection: { failedLogins: 1 } }).lean();
      const failures = updated?.failedLogins ?? 0;
      if (failures >= LOCK_AFTER_FAILURES) {
        const minutes = lockMinutes(failures);
        await User.updateOne({ tenantId: user.tenantId, _id: user._id }, { lockedUntil: new Date(now + minutes * 60_000) });
        throw new AppError(429, 'auth.locked', undefined, { retryAfter: minutes * 60 });
      }
      throw new AppError(401, 'auth.invalid_credentials');
    }
    await assertMayAct(user);
    if (user.failedLogins || user.lockedUntil) {
      await User.updateOne({ tenantId: user.tenantId, _id: user._id }, { failedLogins: 0, lockedUntil: null });
    }
    return user;
  }

  async function login(body: LoginBody, userAgent?: string): Promise<TokenPair> {
    return openSession(await verifyCredentials({ code: body.tenant }, body), userAgent);
  }

  async function refresh(refreshToken: string): Promise<TokenPair> {
    const { tenantId, sessionId, secret } = parseRefreshToken(refreshToken);
    const presented = sha256(secret);
    const nextSecret = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await Session.findOneAndUpdate(
      { tenantId, _id: sessionId, tokenHash: presented, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { tokenHash: sha256(nextSecret), lastUsedAt: now }, $push: { usedHashes: { $each: [presented], $slice: -50 } } },
      { new: true },
    ).lean<SessionDoc>();
    if (!session) {
      const reused = await Session.findOneAndUpdate(
        { tenantId, _id: sessionId, usedHashes: presented },
        { $set: { revokedAt: now, revokedReason: 'reuse' } },
      ).lean();
      throw new AppError(401, reused ? 'auth.refresh_reused' : 'auth.refresh_invalid');
    }
    const user = await User.findOne({ tenantId, _id: session.userId }).lean<UserDoc>();
    if (!user) throw new AppError(401, 'auth.refresh_invalid');
    await assertMayAct(user);
    return issue(user, session, nextSecret);
  }

  async function logout(): Promise<void> {
    const { tenantId, sessionId } = caller();
    await Session.updateOne({ tenantId, _id: sessionId, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'logout' });
  }

  /** Sets a new password; other sessions end, this one continues with fresh tokens that no longer force a change. */
  async function changePassword(body: ChangePasswordBody): Promise<TokenPair> {
    const { tenantId, userId, sessionId } = caller();
    const user = await User.findOne({ _id: userId }).lean<UserDoc>();
    if (!user) throw new AppError(401, 'auth.unauthenticated');
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) throw new AppError(400, 'auth.wrong_current_password');
    if (body.currentPassword === body.newPassword) throw new AppError(400, 'auth.password_reused');
    const updated = await User.findOneAndUpdate(
      { _id: userId, passwordHash: user.passwordHash },
      { passwordHash: await hashPassword(body.newPassword), mustChangePassword: false },
      { new: true },
    ).lean<UserDoc>();
    if (!updated) throw new AppError(409, 'resource.duplicate', 'The password was changed meanwhile; log in again');
    await Session.updateMany({ userId, _id: { $ne: new Types.ObjectId(sessionId) }, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'password_changed' });
    const secret = randomBytes(32).toString('base64url');
    const session = await Session.findOneAndUpdate({ tenantId, _id: sessionId, revokedAt: null }, { tokenHash: sha256(secret), lastUsedAt: new Date() }, { new: true }).lean();
    if (!session) throw new AppError(401, 'auth.session_revoked');
    return issue(updated, session, secret);
  }

  async function me(): Promise<Me> {
    const { tenantId, userId } = caller();
    const [user, tenant] = await Promise.all([User.findOne({ _id: userId }).lean<UserDoc>(), Tenant.findById(tenantId).lean()]);
    if (!user || !tenant) throw new AppError(401, 'auth.unauthenticated');
    const partner = user.partnerId ? await Partner.findOne({ _id: user.partnerId }, { name: 1 }).lean() : null;
    return {
      id: user._id.toHexString(),
      tenant: { id: tenant._id.toHexString(), code: tenant.code, name: tenant.name },
      partner: partner ? { id: partner._id.toHexString(), name: partner.name } : null,
      name: user.name,
      username: user.username,
      phone: user.phone,
      roles: [user.role],
      mustChangePassword: user.mustChangePassword,
      locale: user.locale,
    };
  }

  /** One indexed read per request: logout, suspension and reuse take effect on the very next call. */
  async function isSessionLive(claims: AccessClaims): Promise<boolean> {
    const session = await Session.exists({ tenantId: claims.tid, _id: claims.sid, revokedAt: null });
    return session !== null;
  }

  return { login, verifyCredentials, refresh, logout, changePassword, me, isSessionLive, openSession, signer };
}

/** Ends every live session of the users matched, e.g. when a partner is suspended or a user disabled. */
export async function revokeSessions(filter: { partnerId?: Types.ObjectId; userId?: Types.ObjectId }, reason: SessionDoc['revokedReason']): Promise<void> {
  await Session.updateMany({ ...filter, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
}
