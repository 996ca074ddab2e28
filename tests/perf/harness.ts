/**
 * What the benchmark scripts share: a target server in its own process (so the load generator does not share its
 * event loop), autocannon runs with a warm-up, and logging in against a target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
export const SECRET = randomBytes(32).toString('hex');

export interface Target {
  child: ChildProcess;
  port: number;
  url: string;
}

/** Starts tests/perf/bench-target.ts in `mode` (bare, insert, full, import) and waits for it to listen. */
export function startTarget(mode: string, uri: string, dbName: string): Promise<Target> {
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, 'bench-target.ts'), mode, uri, dbName, SECRET], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(String(chunk));
      if (match) resolve({ child, port: Number(match[1]), url: `http://127.0.0.1:${match[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`${mode} target exited with ${code}`)));
  });
}

/** The most memory a process has held so far (Linux VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

export interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(name: string, options: autocannon.Options, seconds: number): Promise<Result> {
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: seconds });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

/** One measured run against a fresh target: 2 s of warm-up, then DURATION_S seconds. */
export async function measure(name: string, mode: string, uri: string, dbName: string, request: (target: Target) => Promise<autocannon.Options>): Promise<Result> {
  const target = await startTarget(mode, uri, dbName);
  try {
    const options = await request(target);
    await load(`${name} (warm-up)`, options, 2);
    return await load(name, options, DURATION_S);
  } finally {
    target.child.kill();
  }
}

/** Logs in against a running full-stack target. */
export async function login(url: string, tenant: string, account: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, account, password }),
  });
  if (!response.ok) throw new Error(`bench login ${account} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export const table = (results: Result[]) =>
  results.map((r) => ({ name: r.name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, errors: r.errors }));

/**
 * Claimers (accounts of tenant `bench`) each loop over the records still believed free until none is left, as fast
 * as they can; answers the claims made, the rate and the per-request latencies. Throws if a record is won twice.
 */
export async function claimStorm(url: string, ids: string[], options: { claimers: string[]; password: string; path: (id: string) => string; takenCode: string }) {
  const tokens: string[] = [];
  for (let m = 0; m < options.claimers.length; m += 10) {
    tokens.push(...(await Promise.all(options.claimers.slice(m, m + 10).map((account) => login(url, 'bench', account, options.password)))));
  }
  const free = new Set(ids);
  const latencies: number[] = [];
  const won = new Set<string>();
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      while (free.size) {
        const pick = [...free][Math.floor(Math.random() * Math.min(free.size, 50))];
        const t0 = performance.now();
        const response = await fetch(url + options.path(pick), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
        latencies.push(performance.now() - t0);
        const body = (await response.json()) as { id?: string; code?: string };
        if (response.status === 200) {
          if (won.has(body.id!)) throw new Error(`${body.id} was claimed twice`);
          won.add(body.id!);
          free.delete(pick);
        } else if (body.code === options.takenCode) free.delete(pick);
        else failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { claims: won.size, requests: latencies.length, seconds, perSecond: won.size / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}
