import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import mongoose from 'mongoose';
import { createApp, type AppOptions, type ChannelPassApp } from '../../server/app';
import { connect } from '../../server/core/db/connection';
import { createLogger } from '../../server/core/logger';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
/** Fixed so a test can open what the server sealed; never a real key. */
export const TEST_SEALING_KEY = Buffer.alloc(32, 7);

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestApp {
  baseUrl: string;
  /** The app's background jobs (started only when asked for). */
  jobs: ChannelPassApp['jobs'];
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/** The real app on a real port, over its own database on the run's engine. */
export async function startTestApp(
  options: { clientDist?: string; wechatApiBase?: string; startJobs?: boolean; config?: Partial<AppOptions['config']> } = {},
): Promise<TestApp> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the tests through jest (tests/helpers/global-setup.ts)');
  const wechat = options.wechatApiBase ?? 'http://127.0.0.1:9';
  const dbName = `test_${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(4).toString('hex')}`;
  await connect(uri, dbName);
  // Listen first: the app's public URL (WeChat's OAuth redirect target) is the port it gets.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    // No WeChat is reachable from tests: a test that needs it passes the emulator's address.
    config: { ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 30, PUBLIC_URL: baseUrl, WECHAT_API_BASE: wechat, WECHAT_OPEN_BASE: wechat, WECHAT_MP_BASE: wechat, WECHAT_RES_BASE: wechat, ...options.config },
    jwtSecret: TEST_JWT_SECRET,
    sealingKey: TEST_SEALING_KEY,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    clientDist: options.clientDist,
    jobs: { lockLifetimeMs: 2_000 },
  });
  if (options.startJobs) await app.jobs.start();
  server.on('request', app.callback());

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.raw;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed, headers: response.headers };
  }

  return {
    baseUrl,
    jobs: app.jobs,
    request,
    async close() {
      await app.jobs.stop();
      await new Promise((resolve) => server.close(resolve));
      await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
    },
  };
}
