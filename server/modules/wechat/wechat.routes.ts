import { z } from 'zod';
import { wechatApp, wechatAppInput, wechatAppParams } from '../../../types/wechat';
import { defineRoute } from '../../core/route';
import type { BindingService } from './binding.service';

export function wechatRoutes(bindings: BindingService) {
  const tag = 'wechat';
  return [
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
