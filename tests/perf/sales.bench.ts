/**
 * `npm run perf:sales`: quotes and orders on the embedded engine, the server in its own process.
 *  1. Order submission through the full stack (a partner member, a new Idempotency-Key each time, three configured
 *     lines priced by the server) against the foundation's bare baselines in the same run (a bare Koa route, a raw
 *     insertOne): req/s, p50, p99 and the ratios.
 *  2. Pricing a 200-line quote (POST /pricing) and saving one (POST /quotes), one request at a time: p50 and p99.
 * BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_QUOTE_RUNS change the sizes.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createAccount, User } from '../../server/modules/auth';
import { Level, Partner } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';
import { CONNECTIONS, DURATION_S, login, measure, percentile, startTarget, table } from './harness';

const QUOTE_RUNS = Number(process.env.BENCH_QUOTE_RUNS ?? 200);
const QUOTE_LINES = 200;
const PASSWORD = 'Bench12345';

/** The tenant, the partner's level (its id is answered), an admin and a partner member. */
async function seed(uri: string, dbName: string): Promise<string> {
  await connect(uri, dbName);
  const tenant = await Tenant.create({ code: 'bench', name: 'Bench' });
  const levelId = await runAsSystem(tenant._id.toHexString(), async () => {
    const level = await Level.create({ name: 'Gold', rank: 1, weight: 1, leadLimit: 10, accountLimit: 1000, maxDiscountPct: 15 });
    const partner = await Partner.create({ name: 'Bench partner', levelId: level._id, region: { province: '310000' } });
    await createAccount({ name: 'Bench admin', username: 'admin', role: 'admin', partnerId: null, initialPassword: PASSWORD });
    await createAccount({ name: 'Seller', username: 'seller', role: 'partner_member', partnerId: partner._id, initialPassword: PASSWORD });
    await User.updateMany({}, { mustChangePassword: false });
    return level._id.toHexString();
  });
  await mongoose.disconnect();
  return levelId;
}

/** Calls the running target as a signed-in person; throws on anything but success (fixtures, not measurements). */
function caller(url: string, token: string) {
  return async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${url}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ id: string }>;
  };
}

/**
 * Through the API as the admin: 200 products (every fourth configurable with two option groups), three price lists
 * over them (the partner's level, every level, a lapsed one), and a customer the seller holds.
 */
async function catalog(url: string, gold: string): Promise<{ accountId: string; lines: unknown[] }> {
  const admin = caller(url, await login(url, 'bench', 'admin', PASSWORD));
  const configurable = (i: number) => i % 4 === 0;
  for (let i = 0; i < QUOTE_LINES; i++) {
    await admin('POST', '/products', {
      sku: `B-${i}`, name: `基准产品 ${i}`, category: `类目 ${i % 10}`, unit: '台', basePrice: 1_000_00 + i * 37,
      optionGroups: configurable(i)
        ? [
            { key: 'size', name: '规格', required: true, options: [{ key: 's', name: '小' }, { key: 'l', name: '大', priceDelta: 250_00, excludes: ['eco'] }] },
            { key: 'extra', name: '附加', multiple: true, options: [{ key: 'eco', name: '节能', priceDelta: 80_00 }, { key: 'iot', name: '联网', priceDelta: 120_00 }] },
          ]
        : [],
    });
  }
  const entries = (every: number, fixed: boolean) => Array.from({ length: QUOTE_LINES }, (_, i) => i).filter((i) => i % every === 0).map((i) => (fixed ? { sku: `B-${i}`, price: 900_00 + i } : { sku: `B-${i}`, discountBp: 700 }));
  await admin('POST', '/price-lists', { name: '金牌', priority: 100, partnerLevelIds: [gold], validFrom: '2026-01-01', entries: entries(2, false) });
  await admin('POST', '/price-lists', { name: '通用', priority: 10, validFrom: '2026-01-01', entries: entries(3, true) });
  await admin('POST', '/price-lists', { name: '旧价', priority: 500, validFrom: '2025-01-01', validUntil: '2025-12-31', entries: entries(1, true) });
  const seller = caller(url, await login(url, 'bench', 'seller', PASSWORD));
  const account = await seller('POST', '/accounts', { name: '基准测试客户机械有限公司', region: { province: '310000' }, acknowledgeDuplicates: true });
  const lines = Array.from({ length: QUOTE_LINES }, (_, i) => ({ sku: `B-${i}`, quantity: 1 + (i % 7), ...(configurable(i) ? { options: { size: ['s'], extra: ['eco', 'iot'] } } : {}) }));
  return { accountId: account.id, lines };
}

/** One request at a time, `runs` times after a few unmeasured ones: latencies in ms, sorted. */
async function sequential(runs: number, send: () => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  for (let i = -5; i < runs; i++) {
    const started = performance.now();
    const response = await send();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`request failed: ${response.status}`);
    if (i >= 0) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const engine = await startJavaEngine({ storage: 'memory' }, console.log);
  const dbName = `bench_sales_${Date.now()}`;
  try {
    const gold = await seed(engine.uri, dbName);
    const prepared = await startTarget('full', engine.uri, dbName);
    let fixture: Awaited<ReturnType<typeof catalog>>;
    try {
      fixture = await catalog(prepared.url, gold);
    } finally {
      prepared.child.kill();
    }

    // 1. Order submission against the baselines.
    const constant = async (target: { url: string }) => ({ url: `${target.url}/write`, method: 'POST' as const });
    const bare = await measure('a) bare Koa route', 'bare', engine.uri, dbName, constant);
    const insert = await measure('b) raw driver insertOne', 'insert', engine.uri, dbName, constant);
    const orderBody = JSON.stringify({ accountId: fixture.accountId, lines: [fixture.lines[0], fixture.lines[1], fixture.lines[4]] });
    const orders = await measure('c) order submission (full stack)', 'full', engine.uri, dbName, async (target) => {
      const token = await login(target.url, 'bench', 'seller', PASSWORD);
      return {
        url: target.url,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/orders',
            body: orderBody,
            // A new submission each time: one key, one order.
            setupRequest: (req: autocannon.Request) => ({ ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() } }),
          },
        ],
      };
    });

    // 2. A 200-line quote, priced and saved.
    const target = await startTarget('full', engine.uri, dbName);
    let pricing: number[];
    let saving: number[];
    try {
      const token = await login(target.url, 'bench', 'seller', PASSWORD);
      const post = (path: string, body: unknown) => () => fetch(`${target.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      pricing = await sequential(QUOTE_RUNS, post('/pricing', { customerLevel: 'key', lines: fixture.lines }));
      const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      saving = await sequential(Math.ceil(QUOTE_RUNS / 2), post('/quotes', { accountId: fixture.accountId, validUntil, lines: fixture.lines.map((line, i) => ({ ...(line as object), discountBp: i % 5 === 0 ? 500 : 0 })) }));
    } finally {
      target.child.kill();
    }

    const rows = table([bare, insert, orders]);
    console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${globalThis.process.version}, ${CONNECTIONS} connections, ${DURATION_S} s each, ${engine.description}`);
    console.table(rows);
    console.log(`orders: c/a = ${(orders.rps / bare.rps).toFixed(4)}   c/b = ${(orders.rps / insert.rps).toFixed(4)}`);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.table([
      { name: `price a ${QUOTE_LINES}-line quote (POST /pricing)`, runs: pricing.length, p50: ms(percentile(pricing, 50)), p99: ms(percentile(pricing, 99)) },
      { name: `save a ${QUOTE_LINES}-line quote (POST /quotes)`, runs: saving.length, p50: ms(percentile(saving, 50)), p99: ms(percentile(saving, 99)) },
    ]);
    if (rows.some((r) => r.errors > 0)) {
      console.error('Some requests failed: the figures above are not valid.');
      globalThis.process.exitCode = 1;
    }
  } finally {
    await engine.stop();
  }
}

void main();
