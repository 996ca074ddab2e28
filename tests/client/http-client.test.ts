import jwt from 'jsonwebtoken';
import type { TokenPair } from '../../types/auth';
import { IDEMPOTENCY_HEADER, idempotencyKey } from '../../types/orders';
import { ApiError, NetworkError, createHttpClient, type TokenStore, type Transport } from '../../client/services/http-client';
import { newSubmissionKey, submitOnce, type PendingSubmission } from '../../client/services/submit-once';
import { TEST_JWT_SECRET } from '../helpers/app';
import { PASSWORD, useWorld } from '../helpers/world';

const t = useWorld();

/** The wrapper over real HTTP to the real app, counting what it sends. */
function setup(locale: 'zh-CN' | 'en-US' = 'zh-CN', baseUrl?: string) {
  const sent: string[] = [];
  let stored: TokenPair | null = null;
  const tokens: TokenStore = { get: () => stored, set: (value) => (stored = value) };
  const transport: Transport = async ({ url, method, headers, body }) => {
    sent.push(`${method} ${url.replace(/^https?:\/\/[^/]+\/api\/v1/, '')}`);
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const lost = jest.fn();
  const client = createHttpClient({ baseUrl: baseUrl ?? `${t.app.baseUrl}/api/v1`, transport, tokens, locale: () => locale, onSessionLost: lost });
  const login = async (person = 'p1admin') => {
    stored = await client.call<TokenPair>('POST', '/auth/login', { anonymous: true, body: { tenant: t.world.a.code, account: person, password: PASSWORD } });
  };
  const expireAccessToken = () => {
    const claims = jwt.decode(stored!.accessToken) as Record<string, unknown>;
    stored = { ...stored!, accessToken: jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }, TEST_JWT_SECRET) };
  };
  return { client, tokens, sent, lost, login, expireAccessToken };
}

describe('request wrapper', () => {
  it('attaches the token', async () => {
    const { client, login } = setup();
    await login();
    const me = await client.call<{ id: string }>('GET', '/me');
    expect(me.id).toBe(t.world.a.users.p1admin);
  });

  it('renews an expired token once for all the calls waiting on it, and retries them', async () => {
    const { client, login, expireAccessToken, sent, lost } = setup();
    await login();
    expireAccessToken();
    const results = await Promise.all([client.call('GET', '/me'), client.call('GET', '/partners'), client.call('GET', '/levels')]);
    expect(results).toHaveLength(3);
    expect(sent.filter((line) => line === 'POST /auth/refresh')).toHaveLength(1);
    expect(sent.filter((line) => line === 'GET /me')).toHaveLength(2);
    expect(lost).not.toHaveBeenCalled();
  });

  it('gives up after one failed renewal: clears the session and says so', async () => {
    const { client, tokens, login, expireAccessToken, sent, lost } = setup();
    await login();
    await client.call('POST', '/auth/logout');
    expireAccessToken();
    const error = await client.call('GET', '/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(sent.filter((line) => line === 'POST /auth/refresh')).toHaveLength(1);
    expect(tokens.get()).toBeNull();
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('turns a problem answer into a typed error with its code, fields and title in the user language', async () => {
    const { client, login } = setup('en-US');
    await login('admin');
    const error = (await client.call('POST', '/levels', { body: { name: '', rank: 1 } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('request.validation_failed');
    expect(error.message).toBe('Some fields are invalid; check the marked fields');
    expect(Object.keys(error.fieldErrors())).toEqual(expect.arrayContaining(['name', 'weight', 'leadLimit']));
    expect(error.requestId).toEqual(expect.any(String));

    const wrong = (await setup('zh-CN').client.call('POST', '/auth/login', { anonymous: true, body: { tenant: t.world.a.code, account: 'admin', password: 'wrong-one-1' } }).catch((e: unknown) => e)) as ApiError;
    expect(wrong.code).toBe('auth.invalid_credentials');
    expect(wrong.message).toBe('账号或密码错误');
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const { client } = setup('zh-CN', 'http://127.0.0.1:9/api/v1');
    const error = await client.call('GET', '/healthz', { anonymous: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).retryable).toBe(true);
  });
});

describe('an order submission over a flaky network', () => {
  type Outcome = 'lost' | 503 | 400 | 201;
  /** A server behind a network that loses or fails the first exchanges as told, then creates; it records each key sent. */
  function flaky(outcomes: Outcome[]) {
    const keys: string[] = [];
    const transport: Transport = async ({ headers }) => {
      keys.push(headers[IDEMPOTENCY_HEADER]);
      const outcome = outcomes.shift() ?? 201;
      if (outcome === 'lost') throw new TypeError('Failed to fetch');
      if (outcome === 201) return { status: 201, body: { id: 'order-1' } };
      return { status: outcome, body: outcome === 400 ? { type: 'about:blank', title: 'bad', status: 400, code: 'request.validation_failed', requestId: 'r1' } : '' };
    };
    const tokens: TokenStore = { get: () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 900, mustChangePassword: false }), set: () => undefined };
    const client = createHttpClient({ baseUrl: 'http://shop.invalid/api/v1', transport, tokens, locale: () => 'zh-CN', onSessionLost: () => undefined });
    const bodies: unknown[] = [];
    const send = (body: { notes: string }, key: string) => {
      bodies.push(body);
      return client.call<{ id: string }>('POST', '/orders', { body, headers: { [IDEMPOTENCY_HEADER]: key } });
    };
    return { keys, bodies, send };
  }
  /** The page's draft, holding the submission under way. */
  function holder() {
    let kept: PendingSubmission<{ notes: string }> | undefined;
    return { current: () => kept, keep: (pending: typeof kept) => (kept = pending) };
  }
  const order = { notes: '周五送达' };
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  beforeEach(() => (waits.length = 0));

  it('sends again with the same key while the answer is lost or the server fails, waiting longer each time, and forgets the key once it succeeds', async () => {
    const { keys, send } = flaky(['lost', 503, 'lost']);
    const draft = holder();
    await expect(submitOnce(draft, order, send, { sleep })).resolves.toEqual({ id: 'order-1' });
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect(idempotencyKey.safeParse(keys[0]).success).toBe(true);
    expect(waits).toEqual([500, 1000, 2000]);
    expect(draft.current()).toBeUndefined();
  });

  it('gives up after its tries but keeps the key, so a retry by hand is the same submission', async () => {
    const { keys, bodies, send } = flaky(['lost', 'lost', 'lost', 'lost']);
    const draft = holder();
    await expect(submitOnce(draft, order, send, { sleep })).rejects.toBeInstanceOf(NetworkError);
    expect(draft.current()).toEqual({ key: keys[0], body: order });
    // Edited meanwhile: what is sent again is what may already have been made, under its key.
    await expect(submitOnce(draft, { notes: '改成周六' }, send, { sleep })).resolves.toEqual({ id: 'order-1' });
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(1);
    expect(bodies.every((body) => body === order)).toBe(true);
  });

  it('does not retry a refusal and forgets its key: nothing was made, and the corrected submission is a new one', async () => {
    const { keys, send } = flaky([400]);
    const draft = holder();
    await expect(submitOnce(draft, order, send, { sleep })).rejects.toMatchObject({ status: 400, code: 'request.validation_failed' });
    expect(keys).toHaveLength(1);
    expect(draft.current()).toBeUndefined();
    await submitOnce(draft, order, send, { sleep });
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('makes a different key for every submission, each one the server takes', () => {
    const made = Array.from({ length: 2000 }, newSubmissionKey);
    expect(new Set(made).size).toBe(made.length);
    expect(made.every((key) => idempotencyKey.safeParse(key).success)).toBe(true);
  });
});
