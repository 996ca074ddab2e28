import { createCredentialCache } from './credential-cache';
import { BUSY, TOKEN_ERRORS, WeChatApiError } from './wechat.errors';

export interface WeChatClientOptions {
  /** https://api.weixin.qq.com in production; the emulator's address in tests and demos. */
  apiBase: string;
  /** The app secret of a bound appId (decrypted by the binding; never logged). */
  secretOf: (appId: string) => Promise<string>;
  /** Pauses before retrying "system busy" (-1); three tries in all. */
  busyBackoffMs?: number[];
  timeoutMs?: number;
}

type Json = Record<string, unknown>;
interface CallOptions {
  query?: Record<string, string>;
  body?: Json;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * WeChat's server API: JSON over HTTPS whose errors come back as HTTP 200 with an `errcode`. Token errors renew
 * the token and retry once; "system busy" is retried with backoff; every other errcode is the caller's to classify.
 */
export function createWeChatClient(options: WeChatClientOptions) {
  const backoff = options.busyBackoffMs ?? [200, 800];
  const timeoutMs = options.timeoutMs ?? 5_000;

  async function request<T extends Json>(path: string, { query = {}, body }: CallOptions): Promise<T> {
    const url = `${options.apiBase}${path}?${new URLSearchParams(query).toString()}`;
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new WeChatApiError(-1, `HTTP ${response.status}`, path);
      const answer = (await response.json()) as T & { errcode?: number; errmsg?: string };
      const errcode = answer.errcode ?? 0;
      if (errcode === 0) return answer;
      if (errcode === BUSY && attempt < backoff.length) {
        await sleep(backoff[attempt]);
        continue;
      }
      throw new WeChatApiError(errcode, answer.errmsg ?? '', path);
    }
  }

  // The stable access token (one per appId for all instances) and the JSSDK ticket, cached side by side.
  const credentials = createCredentialCache({
    async fetch(key, force) {
      const [kind, appId] = key.split(':');
      if (kind === 'jsapi') {
        const answer = await call<{ ticket: string; expires_in: number }>(appId, '/cgi-bin/ticket/getticket', { query: { type: 'jsapi' } });
        return { value: answer.ticket, expiresIn: answer.expires_in };
      }
      const answer = await request<{ access_token: string; expires_in: number }>('/cgi-bin/stable_token', {
        body: { grant_type: 'client_credential', appid: appId, secret: await options.secretOf(appId), force_refresh: force },
      });
      return { value: answer.access_token, expiresIn: answer.expires_in };
    },
  });
  const tokenKey = (appId: string) => `token:${appId}`;

  /** A call that needs the app's access token. */
  async function call<T extends Json>(appId: string, path: string, callOptions: CallOptions = {}): Promise<T> {
    const token = await credentials.get(tokenKey(appId));
    try {
      return await request<T>(path, { ...callOptions, query: { ...callOptions.query, access_token: token } });
    } catch (error) {
      if (!(error instanceof WeChatApiError) || !TOKEN_ERRORS.has(error.errcode)) throw error;
      const renewed = await credentials.renew(tokenKey(appId), token);
      return request<T>(path, { ...callOptions, query: { ...callOptions.query, access_token: renewed } });
    }
  }

  /** The app's JSSDK ticket (jsapi_ticket), shared like the token. */
  const jsapiTicket = (appId: string) => credentials.get(`jsapi:${appId}`);

  return { call, request, jsapiTicket };
}

export type WeChatClient = ReturnType<typeof createWeChatClient>;
