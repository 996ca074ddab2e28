import { randomBytes } from 'node:crypto';
import type { JssdkConfig } from '../../../types/wechat';
import { AppError, invalid } from '../../core/errors';
import { jssdkSignature } from './crypto';
import type { WeChatClient } from './wechat.client';
import { WechatApp } from './wechat-app.model';

/**
 * `wx.config` for a page of ours: the tenant's official account signs the page URL with its JSSDK ticket. Only our
 * own pages are signed, so the signature cannot be borrowed by another site.
 */
export const JSSDK_SCRIPT_PATH = '/open/js/jweixin-1.6.0.js';

export function createJssdkService(deps: { wechat: WeChatClient; publicUrl: string; resBase: string }) {
  const origin = new URL(deps.publicUrl).origin;
  const scriptUrl = new URL(JSSDK_SCRIPT_PATH, deps.resBase).toString();

  return async function jssdkConfig(pageUrl: string): Promise<JssdkConfig> {
    const url = pageUrl.split('#')[0];
    if (new URL(url).origin !== origin) throw invalid([{ path: 'query.url', code: 'foreign_origin', message: 'foreign_origin', params: { origin } }]);
    const app = await WechatApp.findOne({ kind: 'official' }).lean();
    if (!app) throw new AppError(404, 'wechat.app_unknown');
    const jsapiTicket = await deps.wechat.jsapiTicket(app._id).catch(() => {
      throw new AppError(503, 'wechat.unavailable');
    });
    const nonceStr = randomBytes(12).toString('base64url');
    const timestamp = Math.floor(Date.now() / 1000);
    return { appId: app._id, timestamp, nonceStr, signature: jssdkSignature({ jsapiTicket, nonceStr, timestamp, url }), scriptUrl };
  };
}
