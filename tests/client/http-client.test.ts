import jwt from 'jsonwebtoken';
import type { TokenPair } from '../../types/auth';
import { ApiError, NetworkError, createHttpClient, type TokenStore, type Transport } from '../../client/services/http-client';
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
