import { z } from 'zod';
import { changePasswordBody, loginBody, me, refreshBody, tokenPair } from '../../../types/auth';
import { defineRoute } from '../../core/route';
import type { AuthService } from './auth.service';

export function authRoutes(auth: AuthService) {
  const tag = 'auth';
  return [
    defineRoute({
      method: 'post', path: '/auth/login', action: 'public', tag, summary: 'Log in with an account and password',
      body: loginBody, response: tokenPair,
      handler: ({ body, koa }) => auth.login(body, koa.get('user-agent')),
    }),
    defineRoute({
      method: 'post', path: '/auth/refresh', action: 'public', tag, summary: 'Trade a refresh token for new tokens (it rotates)',
      body: refreshBody, response: tokenPair,
      handler: ({ body }) => auth.refresh(body.refreshToken),
    }),
    defineRoute({
      method: 'post', path: '/auth/logout', action: 'self', tag, summary: 'End this session', status: 204,
      handler: () => auth.logout(),
    }),
    defineRoute({
      method: 'post', path: '/auth/password', action: 'self', tag, summary: 'Change the password (required at first login)',
      body: changePasswordBody, response: tokenPair,
      handler: ({ body }) => auth.changePassword(body),
    }),
    defineRoute({
      method: 'get', path: '/me', action: 'self', tag, summary: 'The signed-in user, roles and scope',
      query: z.strictObject({}), response: me,
      handler: () => auth.me(),
    }),
  ];
}
