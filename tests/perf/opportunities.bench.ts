/**
 * `npm run perf:opportunities`: the funnel, win rates and forecast (GET /api/v1/opportunities/stats) over 100,000
 * opportunities on the embedded engine (in memory), through a full-stack server process, against a raw count of the
 * same collection on the same engine (the driver's countDocuments, no server in between). Sequential requests: the
 * time an upstream admin waits for the dashboard. BENCH_OPPORTUNITIES and BENCH_RUNS change the sizes.
 */
import os from 'node:os';
import mongoose, { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createAccount, User } from '../../server/modules/auth';
import { Opportunity, SalesProcess } from '../../server/modules/opportunities';
import { Level, Partner } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';
import { login, percentile, startTarget } from './harness';

const OPPORTUNITIES = Number(process.env.BENCH_OPPORTUNITIES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PASSWORD = 'Bench12345';
const BATCH = 5_000;
const STAGES = [
  { key: 'qualify', name: '需求确认', probability: 10, tasks: [] },
  { key: 'propose', name: '方案报价', probability: 40, tasks: [] },
  { key: 'negotiate', name: '商务谈判', probability: 70, tasks: [] },
  { key: 'sign', name: '签约', probability: 90, tasks: [] },
];

/** A deterministic spread of opportunities over 20 partners, four stages, three outcomes and twelve months. */
async function seed(uri: string, dbName: string) {
  await connect(uri, dbName);
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  const tenant = await Tenant.create({ code: 'bench', name: 'Bench' });
  await runAsSystem(tenant._id.toHexString(), async () => {
    const level = await Level.create({ name: 'Gold', rank: 1, weight: 1, leadLimit: 10, accountLimit: 10, maxDiscountPct: 5 });
    const admin = await createAccount({ name: 'Bench admin', username: 'admin', role: 'admin', partnerId: null, initialPassword: PASSWORD });
    const manager = await createAccount({ name: 'Bench manager', username: 'manager', role: 'channel_manager', partnerId: null, initialPassword: PASSWORD });
    await User.updateMany({}, { mustChangePassword: false });
    const partners = await Partner.insertMany(Array.from({ length: 20 }, (_, p) => ({ tenantId: tenant._id, name: `Bench partner ${p}`, levelId: level._id, region: { province: '310000' }, channelManagerId: p < 10 ? manager._id : null })));
    const process = await SalesProcess.create({ name: 'Bench process', stages: STAGES, registrationDays: 90 });
    const now = new Date();
    for (let done = 0; done < OPPORTUNITIES; done += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, OPPORTUNITIES - done) }, (_, k) => {
        const i = done + k;
        const stageIndex = i % 4;
        const state = i % 10 === 0 ? 'won' : i % 10 === 1 ? 'lost' : 'open';
        const month = `2027-${String((i % 12) + 1).padStart(2, '0')}`;
        return {
          tenantId: tenant._id, name: `商机 ${i}`, accountId: new Types.ObjectId(), accountName: `客户 ${i}`, amount: 10_000_00 + (i % 97) * 1_000_00,
          expectedCloseDate: `${month}-15`, closeMonth: month, decisionMaker: '', budget: '', competitor: '', notes: '', state, reason: null, closeDate: null,
          partnerId: partners[i % 20]._id, partnerLevelId: level._id, ownerId: admin._id, collaboratorIds: [], approvalId: null,
          process: { id: process._id, name: process.name, version: 1, stages: STAGES, registrationDays: 90 }, stageIndex, stageKey: STAGES[stageIndex].key,
          reachedIndex: state === 'won' ? 3 : stageIndex, tasksDone: [], attachments: [], protectedUntil: null, lapsedAt: null, leadId: null, createdBy: admin._id,
          createdAt: now, updatedAt: now,
        };
      });
      await Opportunity.collection.insertMany(rows);
    }
  });
  return tenant._id;
}

async function timed(runs: number, run: () => Promise<unknown>) {
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const engine = await startJavaEngine({ storage: 'memory' }, console.log);
  const dbName = `bench_opportunities_${Date.now()}`;
  try {
    const s0 = performance.now();
    const tenantId = await seed(engine.uri, dbName);
    console.log(`seeded ${OPPORTUNITIES} opportunities in ${((performance.now() - s0) / 1000).toFixed(0)} s`);

    // The raw count, from this process through the driver: what any answer over the whole collection costs at least.
    const raw = mongoose.connection.db!.collection('opportunities');
    await raw.countDocuments({ tenantId });
    const count = await timed(RUNS, () => raw.countDocuments({ tenantId }));
    await mongoose.disconnect();

    const target = await startTarget('full', engine.uri, dbName);
    try {
      const get = async (token: string) => {
        const response = await fetch(`${target.url}/api/v1/opportunities/stats`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
        return (await response.json()) as { totals: { open: number; won: number; lost: number } };
      };
      const admin = await login(target.url, 'bench', 'admin', PASSWORD);
      const manager = await login(target.url, 'bench', 'manager', PASSWORD);
      const answer = await get(admin);
      const seen = answer.totals.open + answer.totals.won + answer.totals.lost;
      if (seen !== OPPORTUNITIES) throw new Error(`stats saw ${seen} of ${OPPORTUNITIES}`);
      const all = await timed(RUNS, () => get(admin));
      const half = await timed(RUNS, () => get(manager));

      console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${engine.description}, ${OPPORTUNITIES} opportunities, ${RUNS} sequential runs each`);
      console.table({
        'raw countDocuments (driver, no server)': { p50: count.p50, p99: count.p99, ratio: 1 },
        'stats as the admin (all 100%)': { p50: all.p50, p99: all.p99, ratio: all.p50 / count.p50 },
        "stats as a channel manager (10 of 20 partners)": { p50: half.p50, p99: half.p99, ratio: half.p50 / count.p50 },
      });
    } finally {
      target.child.kill();
    }
  } finally {
    await engine.stop();
  }
}

void main();
