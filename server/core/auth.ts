import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Middleware } from 'koa';
import { ROLES, type Role } from '../../types/permissions';
import { bindCaller } from './context';
import { AppError } from './errors';

export interface AccessClaims {
  sub: string;
  tid: string;
  pid?: string;
  sid: string;
  roles: Role[];
  /** Present while the initial password must still be changed. */
  pwc?: true;
}

export interface TokenSigner {
  sign(claims: AccessClaims): string;
  verify(token: string): AccessClaims;
  ttlSeconds: number;
  /** Short-lived tickets for one purpose (e.g. binding a WeChat identity), never accepted as access tokens. */
  signTicket(purpose: string, claims: Record<string, string>, ttlSeconds: number): string;
  /** The ticket's claims, or null when it is forged, expired or for another purpose. */
  verifyTicket(purpose: string, ticket: string): Record<string, string> | null;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  // A KeyObject made once: given a string, jsonwebtoken builds a key on every call (a tenth of a request's CPU).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    ttlSeconds,
    sign: (claims) => jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ttlSeconds, audience: 'access' }),
    signTicket: (purpose, claims, ticketTtl) => jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ticketTtl, audience: `ticket:${purpose}` }),
    verifyTicket(purpose, ticket) {
      try {
        const { aud: _aud, exp: _exp, iat: _iat, ...claims } = jwt.verify(ticket, key, { algorithms: ['HS256'], audience: `ticket:${purpose}` }) as Record<string, string>;
        return claims;
      } catch {
        return null;
      }
    },
    verify(token) {
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'], audience: 'access' }) as AccessClaims;
        if (!claims.sub || !claims.tid || !claims.sid || !Array.isArray(claims.roles) || !claims.roles.every((r) => ROLES.includes(r))) {
          throw new AppError(401, 'auth.unauthenticated');
        }
        return claims;
      } catch (error) {
        if (error instanceof jwt.TokenExpiredError) throw new AppError(401, 'auth.token_expired');
        throw new AppError(401, 'auth.unauthenticated');
      }
    },
  };
}

/** Answers whether the session behind a token is still live (not logged out, not revoked by a suspension). */
export type SessionCheck = (claims: AccessClaims) => Promise<boolean>;

/**
 * Reads `Authorization: Bearer …`, verifies it and binds the caller to the request context. Requests without a
 * token pass through as anonymous; the route guard decides whether that is enough.
 */
export function authenticate(signer: TokenSigner, isLive: SessionCheck): Middleware {
  return async (koa, next) => {
    const header = koa.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError(401, 'auth.unauthenticated');
      const claims = signer.verify(match[1]);
      if (!(await isLive(claims))) throw new AppError(401, 'auth.session_revoked');
      bindCaller({
        tenantId: claims.tid,
        partnerId: claims.pid,
        userId: claims.sub,
        sessionId: claims.sid,
        roles: claims.roles,
        passwordChangeRequired: claims.pwc === true,
      });
    }
    await next();
  };
}
