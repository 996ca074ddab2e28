import { Types } from 'mongoose';
import { z } from 'zod';
import { tokenPair, wechatLoginResult } from '../../../types/auth';
import {
  jssdkConfig, jssdkConfigQuery, miniLoginBody, miniPhoneBody, oauthCallbackQuery, oauthStartQuery, pendingParams, pendingStatus, qrLogin, qrLoginBody, wechatApp,
  wechatAppInput, wechatAppParams, wechatBindBody, type JssdkConfig,
} from '../../../types/wechat';
import { caller } from '../../core/context';
import { defineRoute } from '../../core/route';
import type { BindingService } from './binding.service';
import { unbindUser } from './identity';
import type { MiniLoginService } from './mini-login.service';
import type { WebLoginService } from './web-login.service';

export function wechatRoutes(bindings: BindingService, mini: MiniLoginService, web: WebLoginService, jssdk: (url: string) => Promise<JssdkConfig>) {
  const tag = 'wechat';
  return [
    defineRoute({
      method: 'get', path: '/wechat/jssdk-config', action: 'self', tag, summary: "wx.config for one of our pages, signed by the tenant's official account",
      query: jssdkConfigQuery, response: jssdkConfig,
      handler: ({ query }) => jssdk(query.url),
    }),
    defineRoute({
      method: 'get', path: '/auth/wechat/oauth/start', action: 'public', tag, summary: "Inside WeChat: go through WeChat's silent web authorization",
      query: oauthStartQuery, redirect: true,
      handler: ({ query, koa }) => web.oauthStart(query, koa),
    }),
    defineRoute({
      method: 'get', path: '/auth/wechat/oauth/callback', action: 'public', tag, summary: 'Where WeChat sends the browser back with a code',
      query: oauthCallbackQuery, redirect: true,
      handler: ({ query, koa }) => web.oauthCallback(query, koa),
    }),
    defineRoute({
      method: 'post', path: '/auth/wechat/bind', action: 'public', tag, summary: 'Bind the WeChat identity with the account and password, once',
      body: wechatBindBody, response: tokenPair,
      handler: ({ body, koa }) => web.bindWithPassword(body, koa.get('user-agent')),
    }),
    defineRoute({
      method: 'post', path: '/auth/wechat/qr', action: 'public', tag, summary: 'A scan-to-login QR code for the web portal', status: 201,
      body: qrLoginBody, response: qrLogin,
      handler: ({ body }) => web.qrCreate(body.tenant),
    }),
    defineRoute({
      method: 'post', path: '/auth/wechat/pending/:pendingId', action: 'public', tag, summary: 'Claim a pending sign-in (QR scan or OAuth), once',
      params: pendingParams, response: pendingStatus,
      handler: ({ params, koa }) => web.claim(params.pendingId, koa.get('user-agent')),
    }),
    defineRoute({
      method: 'delete', path: '/me/wechat', action: 'self', tag, summary: 'Unbind my WeChat', status: 204,
      handler: async () => {
        const { userId } = caller();
        await unbindUser({ _id: new Types.ObjectId(userId) });
      },
    }),
    defineRoute({
      method: 'post', path: '/auth/wechat/mini/login', action: 'public', tag, summary: 'Mini-program login with the wx.login code',
      body: miniLoginBody, response: wechatLoginResult,
      handler: ({ body, koa }) => mini.login(body.appId, body.code, koa.get('user-agent')),
    }),
    defineRoute({
      method: 'post', path: '/auth/wechat/mini/phone', action: 'public', tag, summary: 'Bind the WeChat identity by the phone-number button, and sign in',
      body: miniPhoneBody, response: wechatLoginResult,
      handler: ({ body, koa }) => mini.bindByPhone(body.bindTicket, body.phoneCode, koa.get('user-agent')),
    }),
    defineRoute({
      method: 'get', path: '/wechat/apps', action: 'wechat.manage', tag, summary: "The tenant's bound official account and mini-program",
      query: z.strictObject({}), response: z.array(wechatApp),
      handler: () => bindings.list(),
    }),
    defineRoute({
      method: 'put', path: '/wechat/apps/:appId', action: 'wechat.manage', tag, summary: 'Bind or change an app (secrets are write-only)',
      params: wechatAppParams, body: wechatAppInput, response: wechatApp,
      handler: ({ params, body }) => bindings.put(params.appId, body),
    }),
    defineRoute({
      method: 'delete', path: '/wechat/apps/:appId', action: 'wechat.manage', tag, summary: 'Unbind an app', status: 204,
      params: wechatAppParams,
      handler: ({ params }) => bindings.remove(params.appId),
    }),
  ];
}
