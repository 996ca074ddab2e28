import type { WechatApp, WechatAppInput } from '../../../types/wechat';
import { http } from '../../services/api';

/** The official account and mini-program bindings (admins), kept with their pages (a subpackage) rather than in the first load. */
export const tenantsApi = {
  wechatApps: () => http.call<WechatApp[]>('GET', '/wechat/apps'),
  putWechatApp: (appId: string, body: WechatAppInput) => http.call<WechatApp>('PUT', `/wechat/apps/${appId}`, { body }),
  removeWechatApp: (appId: string) => http.call<void>('DELETE', `/wechat/apps/${appId}`),
};
