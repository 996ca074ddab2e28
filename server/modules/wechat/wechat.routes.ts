import { z } from 'zod';
import { wechatLoginResult } from '../../../types/auth';
import { miniLoginBody, miniPhoneBody, wechatApp, wechatAppInput, wechatAppParams } from '../../../types/wechat';
import { defineRoute } from '../../core/route';
import type { BindingService } from './binding.service';
import type { MiniLoginService } from './mini-login.service';

export function wechatRoutes(bindings: BindingService, mini: MiniLoginService) {
  const tag = 'wechat';
  return [
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
