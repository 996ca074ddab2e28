import type { TokenPair } from '../../types/auth';
import type { ErrorCode, FieldError, Locale, Problem } from '../../types/errors';
import { SERVER_FAILURES } from '../../types/server-failures';

/** What the wrapper needs from the platform: one HTTP exchange. Taro.request in the app, fetch in tests. */
export interface Transport {
  (request: { url: string; method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; body: unknown }>;
}

export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

/** A problem answer from the server, with its stable code; `title` is already in the user's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly requestId?: string;
  readonly retryAfter?: number;
  /** What the code is about, when the server names it (e.g. the SKUs a caller may not sell). */
  readonly detail?: string;
  /** Where the records a new one duplicates sit (masked). */
  readonly duplicates: NonNullable<Problem['duplicates']>;
  constructor(problem: Pick<Problem, 'status' | 'code' | 'title'> & Partial<Problem>) {
    super(problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
    this.retryAfter = problem.retryAfter;
    this.detail = problem.detail;
    this.duplicates = problem.duplicates ?? [];
  }
  /** Field errors keyed by the field's path below body (e.g. `region.city`), for forms. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.errors.map((e) => [e.path.replace(/^(body|query|params)\./, ''), e.message]));
  }
}

/** The server could not be reached; the same call may succeed when retried. */
export class NetworkError extends Error {
  readonly retryable = true;
  constructor(cause?: unknown) {
    super(cause instanceof Error ? cause.message : 'network error');
    this.name = 'NetworkError';
  }
}

export interface HttpClientOptions {
  baseUrl: string;
  transport: Transport;
  tokens: TokenStore;
  locale: () => Locale;
  /** Called once the session cannot be renewed: show the login page. */
  onSessionLost: () => void;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Public endpoints (login, refresh) are sent without a token and never trigger a refresh. */
  anonymous?: boolean;
  /** Sent on the exchange as well, e.g. the Idempotency-Key of an order submission. */
  headers?: Record<string, string>;
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string' && typeof (body as Problem).status === 'number';
}

function queryString(query: CallOptions['query']): string {
  const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}

/**
 * Attaches the token, renews it once on 401 (one refresh shared by every call waiting on it), turns problem
 * answers into ApiError and transport failures into NetworkError.
 */
export function createHttpClient(options: HttpClientOptions) {
  let refreshing: Promise<boolean> | null = null;

  async function exchange(method: string, path: string, call: CallOptions, token: string | undefined) {
    const headers: Record<string, string> = { ...call.headers, accept: 'application/json', 'accept-language': options.locale() };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    try {
      return await options.transport({ url: options.baseUrl + path + queryString(call.query), method, headers, body });
    } catch (error) {
      throw new NetworkError(error);
    }
  }

  function refreshOnce(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = options.tokens.get();
      if (!current) return false;
      const response = await exchange('POST', '/auth/refresh', { body: { refreshToken: current.refreshToken } }, undefined);
      if (response.status !== 200) return false;
      options.tokens.set(response.body as TokenPair);
      return true;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function fail(status: number, body: unknown): never {
    if (isProblem(body)) throw new ApiError(body);
    const code: keyof typeof SERVER_FAILURES & ErrorCode = status >= 500 ? 'server.unavailable' : 'server.internal';
    throw new ApiError({ status, code, title: SERVER_FAILURES[code][options.locale()] });
  }

  /**
   * Sends with the session's token, renewing it once on 401, and turns a problem answer into ApiError. `send` is one
   * exchange given the headers to add: a JSON call, or a file upload or download through the platform.
   */
  async function authorized<T>(send: (headers: Record<string, string>) => Promise<{ status: number; body: unknown }>): Promise<T> {
    const headersFor = (token: string | undefined): Record<string, string> => ({
      'accept-language': options.locale(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    const token = options.tokens.get()?.accessToken;
    let response = await send(headersFor(token));
    if (response.status === 401 && token) {
      if (await refreshOnce().catch(() => false)) response = await send(headersFor(options.tokens.get()?.accessToken));
      if (response.status === 401) {
        options.tokens.set(null);
        options.onSessionLost();
      }
    }
    if (response.status >= 200 && response.status < 300) return response.body as T;
    return fail(response.status, response.body);
  }

  async function call<T>(method: string, path: string, call: CallOptions = {}): Promise<T> {
    if (call.anonymous) {
      const response = await exchange(method, path, call, undefined);
      return response.status >= 200 && response.status < 300 ? (response.body as T) : fail(response.status, response.body);
    }
    return authorized<T>(async (headers) => exchange(method, path, call, headers.authorization?.slice('Bearer '.length)));
  }

  /** The absolute URL of an endpoint, for transfers the platform makes itself (uploads, downloads). */
  const url = (path: string, query?: CallOptions['query']) => options.baseUrl + path + queryString(query);

  return { call, authorized, url };
}

export type HttpClient = ReturnType<typeof createHttpClient>;
