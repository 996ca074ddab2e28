import Taro from '@tarojs/taro';
import type { ChangePasswordBody, LoginBody, Me, TokenPair, WechatLoginResult } from '../../types/auth';
import type { Page } from '../../types/common';
import type { Level, LevelInput, Member, MemberInput, Partner, PartnerInput, Staff, StaffInput } from '../../types/partners';
import type { JssdkConfig, PendingStatus } from '../../types/wechat';
import type { InboxCounts, InboxItem } from '../../types/inbox';
import { getLocale } from '../i18n';
import { createHttpClient, type CallOptions, type Transport } from './http-client';
import { goToLogin } from './navigation';
import { tokenStore } from './session';

/** H5 is served by the API's own server; the mini-program needs the absolute origin, set at build time. */
const API_BASE = `${process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_ORIGIN ?? 'http://localhost:3000'}/api/v1`;

const taroTransport: Transport = async ({ url, method, headers, body }) => {
  const response = await Taro.request({
    url,
    method: method as 'GET',
    header: headers,
    data: body,
    dataType: 'json',
    responseType: 'text',
  });
  return { status: response.statusCode, body: response.data };
};

/** The one client; an area in a subpackage builds its own endpoints on it (so they stay out of the first load). */
export const http = createHttpClient({ baseUrl: API_BASE, transport: taroTransport, tokens: tokenStore, locale: getLocale, onSessionLost: goToLogin });

export type Query = CallOptions['query'];
export type PageQuery = { cursor?: string; limit?: number } & Record<string, string | number | undefined>;

/** Partner members and upstream staff are managed through the same shape of endpoints. */
function accountEndpoints<Account, Input>(base: string) {
  return {
    list: (query: PageQuery) => http.call<Page<Account>>('GET', base, { query: query as Query }),
    get: (id: string) => http.call<Account>('GET', `${base}/${id}`),
    create: (body: Input) => http.call<Account>('POST', base, { body }),
    update: (id: string, body: Record<string, unknown>) => http.call<Account>('PATCH', `${base}/${id}`, { body }),
    resetPassword: (id: string, initialPassword: string) => http.call<Account>('POST', `${base}/${id}/password`, { body: { initialPassword } }),
  };
}

/** One typed function per endpoint; shapes come from types/, shared with the server. */
export const api = {
  login: (body: LoginBody) => http.call<TokenPair>('POST', '/auth/login', { anonymous: true, body }),
  logout: () => http.call<void>('POST', '/auth/logout'),
  changePassword: (body: ChangePasswordBody) => http.call<TokenPair>('POST', '/auth/password', { body }),
  me: () => http.call<Me>('GET', '/me'),

  wechat: {
    miniLogin: (appId: string, code: string) => http.call<WechatLoginResult>('POST', '/auth/wechat/mini/login', { anonymous: true, body: { appId, code } }),
    miniPhone: (bindTicket: string, phoneCode: string) => http.call<WechatLoginResult>('POST', '/auth/wechat/mini/phone', { anonymous: true, body: { bindTicket, phoneCode } }),
    bind: (bindTicket: string, account: string, password: string) => http.call<TokenPair>('POST', '/auth/wechat/bind', { anonymous: true, body: { bindTicket, account, password } }),
    qr: (tenant: string) => http.call<{ pendingId: string; imageUrl: string; expiresAt: string }>('POST', '/auth/wechat/qr', { anonymous: true, body: { tenant } }),
    claim: (pendingId: string) => http.call<PendingStatus>('POST', `/auth/wechat/pending/${pendingId}`, { anonymous: true }),
    unbind: () => http.call<void>('DELETE', '/me/wechat'),
    jssdkConfig: (url: string) => http.call<JssdkConfig>('GET', '/wechat/jssdk-config', { query: { url } }),
  },

  levels: {
    list: () => http.call<Level[]>('GET', '/levels'),
    create: (body: LevelInput) => http.call<Level>('POST', '/levels', { body }),
    update: (id: string, body: Partial<LevelInput>) => http.call<Level>('PATCH', `/levels/${id}`, { body }),
    remove: (id: string) => http.call<void>('DELETE', `/levels/${id}`),
  },
  partners: {
    list: (query: PageQuery) => http.call<Page<Partner>>('GET', '/partners', { query: query as Query }),
    get: (id: string) => http.call<Partner>('GET', `/partners/${id}`),
    create: (body: PartnerInput) => http.call<Partner>('POST', '/partners', { body }),
    update: (id: string, body: Partial<PartnerInput>) => http.call<Partner>('PATCH', `/partners/${id}`, { body }),
    suspend: (id: string, reason: string) => http.call<Partner>('POST', `/partners/${id}/suspend`, { body: { reason } }),
    reactivate: (id: string) => http.call<Partner>('POST', `/partners/${id}/reactivate`),
  },
  members: accountEndpoints<Member, MemberInput>('/members'),
  staff: accountEndpoints<Staff, StaffInput>('/staff'),
  inbox: {
    counts: () => http.call<InboxCounts>('GET', '/inbox/counts'),
    todos: (query: PageQuery) => http.call<Page<InboxItem>>('GET', '/inbox/todos', { query: query as Query }),
    complete: (id: string) => http.call<InboxItem>('POST', `/inbox/todos/${id}/complete`),
    notices: (query: PageQuery) => http.call<Page<InboxItem>>('GET', '/inbox/notices', { query: query as Query }),
    read: (id: string) => http.call<InboxItem>('POST', `/inbox/notices/${id}/read`),
    readAll: () => http.call<InboxCounts>('POST', '/inbox/notices/read-all'),
  },
};
