import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import { authenticate, createTokenSigner } from './core/auth';
import { serveClient } from './core/client';
import type { Config } from './core/config';
import { ping } from './core/db/connection';
import { accessLog, errorHandler, requestContext } from './core/http';
import type { Logger } from './core/logger';
import { buildOpenApi } from './core/openapi';
import { mountRoutes, type Route } from './core/route';
import { createJobs, type Jobs } from './jobs';
import { approvalRoutes } from './modules/approvals';
import { auditRoutes } from './modules/audit';
import { authRoutes, createAuthService } from './modules/auth';
import { accountsModuleRoutes, createRegistry } from './modules/accounts';
import { leadsModuleRoutes } from './modules/leads';
import { catalogRoutes } from './modules/catalog';
import { opportunitiesModuleRoutes } from './modules/opportunities';
import { orderRoutes } from './modules/orders';
import { quoteRoutes } from './modules/quotes';
import { partnersModuleRoutes } from './modules/partners';
import { staffRoutes } from './modules/tenants';
import { createOutbox, templateFinished, todoRoutes } from './modules/todos';
import {
  createBindingService, createJssdkService, createMessageSender, createMiniLoginService, createWebLoginService, createWeChatClient, wechatCallbackRouter,
  wechatRoutes,
} from './modules/wechat';
import { createSealer } from './core/secrets';

export const API_PREFIX = '/api/v1';
export const BODY_LIMIT = '1mb';

export interface AppOptions {
  config: Pick<Config, 'ACCESS_TOKEN_TTL_SECONDS' | 'REFRESH_TOKEN_TTL_DAYS' | 'PUBLIC_URL' | 'WECHAT_API_BASE' | 'WECHAT_OPEN_BASE' | 'WECHAT_MP_BASE' | 'WECHAT_RES_BASE'> &
    Partial<Pick<Config, 'WECHAT_TIMEOUT_MS' | 'OUTBOX_MAX_ATTEMPTS' | 'OUTBOX_RETRY_BASE_MS' | 'OUTBOX_RETRY_MAX_MS' | 'OUTBOX_LEASE_MS'>> &
    Partial<Pick<Config, 'REGISTRY_PROVIDER' | 'REGISTRY_BASE_URL' | 'REGISTRY_API_KEY' | 'REGISTRY_TIMEOUT_MS'>>;
  jwtSecret: string;
  /** Seals secrets kept in the database (server/core/secrets.ts). */
  sealingKey: Buffer;
  logger: Logger;
  /** The built H5 client to serve at `/` (npm start); absent in API-only tests. */
  clientDist?: string;
  /** Background job tuning (server/jobs); tests shorten the lock so a stopped app leaves no long timer. */
  jobs?: { lockLifetimeMs?: number };
}

/** The Koa app and its background jobs, which the caller starts after the database is up and stops before closing. */
export type ChannelPassApp = Koa & { jobs: Jobs };

/** Error handler → request context → auth → routers, as the design lays out. Needs a connected mongoose. */
export function createApp({ config, jwtSecret, sealingKey, logger, clientDist, jobs: jobOptions }: AppOptions): ChannelPassApp {
  const signer = createTokenSigner(jwtSecret, config.ACCESS_TOKEN_TTL_SECONDS);
  const auth = createAuthService({ signer, refreshTtlDays: config.REFRESH_TOKEN_TTL_DAYS });
  const bindings = createBindingService(createSealer(sealingKey));
  const wechat = createWeChatClient({
    apiBase: config.WECHAT_API_BASE,
    timeoutMs: config.WECHAT_TIMEOUT_MS,
    secretOf: async (appId) => {
      const app = await bindings.secretsOfApp(appId);
      if (!app) throw new Error(`WeChat app ${appId} is not bound`);
      return app.appSecret;
    },
  });
  const mini = createMiniLoginService({ bindings, wechat, auth });
  const web = createWebLoginService({ bindings, wechat, auth, urls: { openBase: config.WECHAT_OPEN_BASE, mpBase: config.WECHAT_MP_BASE, publicUrl: config.PUBLIC_URL } });
  const jssdk = createJssdkService({ wechat, publicUrl: config.PUBLIC_URL, resBase: config.WECHAT_RES_BASE });
  const outbox = createOutbox({
    sender: createMessageSender(wechat),
    publicUrl: config.PUBLIC_URL,
    logger,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    baseDelayMs: config.OUTBOX_RETRY_BASE_MS,
    maxDelayMs: config.OUTBOX_RETRY_MAX_MS,
    leaseMs: config.OUTBOX_LEASE_MS,
  });
  const jobs = createJobs({ logger, outbox, ...jobOptions });
  const routes: Route[] = [
    ...authRoutes(auth), ...partnersModuleRoutes, ...staffRoutes, ...auditRoutes, ...wechatRoutes(bindings, mini, web, jssdk), ...approvalRoutes, ...todoRoutes,
    ...leadsModuleRoutes, ...accountsModuleRoutes(createRegistry({ ...config, REGISTRY_PROVIDER: config.REGISTRY_PROVIDER ?? 'local' })),
    ...opportunitiesModuleRoutes, ...catalogRoutes, ...quoteRoutes, ...orderRoutes,
  ];

  const api = new Router({ prefix: API_PREFIX });
  mountRoutes(api, routes);
  const openApi = buildOpenApi(routes, API_PREFIX);
  api.get('/openapi.json', (koa) => {
    koa.body = openApi;
  });

  const probes = new Router();
  probes.get('/healthz', (koa) => {
    koa.body = { status: 'ok' };
  });
  probes.get('/readyz', async (koa) => {
    const database = await ping();
    koa.status = database ? 200 : 503;
    koa.body = { status: database ? 'ready' : 'unavailable', database };
  });

  const app = new Koa({ proxy: true });
  app.use(requestContext());
  app.use(accessLog(logger));
  app.use(errorHandler(logger));
  app.use(compress());
  app.use(probes.routes());
  app.use(wechatCallbackRouter(bindings, logger, { onScan: web.onScan, onTemplateFinished: templateFinished }).routes());
  if (clientDist) app.use(serveClient(clientDist));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: BODY_LIMIT, encoding: 'utf-8' }));
  app.use(authenticate(signer, auth.isSessionLive));
  app.use(api.routes());
  app.use(api.allowedMethods());
  return Object.assign(app, { jobs });
}
