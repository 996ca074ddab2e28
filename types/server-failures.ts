import type { Locale } from './locale';

/**
 * The two failures the client may have to name itself, when no problem answer arrives (a proxy's 502, a crash):
 * kept apart from the full error table so the client's first load does not carry every title.
 */

export const SERVER_FAILURES = {
  'server.internal': { 'zh-CN': '服务器出错了，请稍后重试；如仍失败请提供请求编号', 'en-US': 'Something went wrong on our side; retry, and quote the request id if it persists' },
  'server.unavailable': { 'zh-CN': '服务暂不可用，请稍后重试', 'en-US': 'The service is temporarily unavailable; retry shortly' },
} as const satisfies Record<string, Record<Locale, string>>;
