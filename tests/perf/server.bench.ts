/**
 * `npm run perf:server`: throughput and latency of the server stack in three layers, on the embedded engine.
 * Prints req/s, p50 and p99 for each and the ratios full/bare and full/insert. Bounded: 3 × (2 s warm-up + 10 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createAccount, User } from '../../server/modules/auth';
import { Level } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SECRET = randomBytes(32).toString('hex');

function startTarget(mode: string, uri: string, dbName: string): Promise<{ child: ChildProcess; port: number }> {
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, 'bench-target.ts'), mode, uri, dbName, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(String(chunk));
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${mode} target exited with ${code}`)));
  });
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, options: autocannon.Options, seconds: number): Promise<Result> {
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: seconds });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

async function measure(name: string, mode: string, uri: string, dbName: string, request: (port: number) => Promise<autocannon.Options>): Promise<Result> {
  const { child, port } = await startTarget(mode, uri, dbName);
  try {
    const options = await request(port);
    await load(`${name} (warm-up)`, options, 2);
    return await load(name, options, DURATION_S);
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const engine = await startJavaEngine({ storage: 'memory' }, console.log);
  const dbName = `bench_${Date.now()}`;
  try {
    // A tenant with a level and an admin whose token drives the full-stack write.
    await connect(engine.uri, dbName);
    const tenant = await Tenant.create({ code: 'bench', name: 'Bench' });
    const levelId = await runAsSystem(tenant._id.toHexString(), async () => {
      const level = await Level.create({ name: 'Gold', rank: 1, weight: 1, leadLimit: 10, accountLimit: 10, maxDiscountPct: 5 });
      const admin = await createAccount({ name: 'Bench', username: 'bench', role: 'admin', partnerId: null, initialPassword: 'Bench12345' });
      await User.updateOne({ _id: admin._id }, { mustChangePassword: false });
      return level._id.toHexString();
    });
    await mongoose.disconnect();

    const constant = async (port: number) => ({ url: `http://127.0.0.1:${port}/write`, method: 'POST' as const });
    const bare = await measure('a) bare Koa route', 'bare', engine.uri, dbName, constant);
    const insert = await measure('b) raw driver insertOne', 'insert', engine.uri, dbName, constant);

    let counter = 0;
    const full = await measure('c) authenticated scoped validated write', 'full', engine.uri, dbName, async (port) => {
      const token = await login(port);
      return {
        url: `http://127.0.0.1:${port}`,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/partners',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            // A new partner each time: names are unique per tenant.
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              body: JSON.stringify({ name: `Bench partner ${counter++}`, levelId, region: { province: '310000' } }),
            }),
          },
        ],
      };
    });

    const rows = [bare, insert, full].map((r) => ({ name: r.name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors }));
    console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s each, ${engine.description}`);
    console.table(rows);
    console.log(`c/a = ${(full.rps / bare.rps).toFixed(3)}   c/b = ${(full.rps / insert.rps).toFixed(3)}`);
    if (rows.some((r) => r.errors > 0)) {
      console.error('Some requests failed: the figures above are not valid.');
      process.exitCode = 1;
    }
  } finally {
    await engine.stop();
  }
}

/** Logs in once against the running full-stack target. */
async function login(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench', account: 'bench', password: 'Bench12345' }),
  });
  if (!response.ok) throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

void main();
