/**
 * `npm run perf:server`: throughput and latency of the server stack in three layers, on the embedded engine.
 * Prints req/s, p50 and p99 for each and the ratios full/bare and full/insert. Bounded: 3 × (2 s warm-up + 10 s).
 */
import os from 'node:os';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createAccount, User } from '../../server/modules/auth';
import { Level } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';
import { CONNECTIONS, DURATION_S, login, measure, table } from './harness';

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

    const constant = async (target: { url: string }) => ({ url: `${target.url}/write`, method: 'POST' as const });
    const bare = await measure('a) bare Koa route', 'bare', engine.uri, dbName, constant);
    const insert = await measure('b) raw driver insertOne', 'insert', engine.uri, dbName, constant);

    let counter = 0;
    const full = await measure('c) authenticated scoped validated write', 'full', engine.uri, dbName, async (target) => {
      const token = await login(target.url, 'bench', 'bench', 'Bench12345');
      return {
        url: target.url,
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

    const rows = table([bare, insert, full]);
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

void main();
