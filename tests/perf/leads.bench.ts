/**
 * `npm run perf:leads`: the leads module on the embedded engine, each part in its own server process.
 *  1. Lead capture through the full stack (a partner member reporting, duplicate-checked) against the foundation's
 *     bare baselines in the same run (a bare Koa route, a raw insertOne).
 *  2. 200 concurrent claimers emptying a pool: claims/s and the claim latency (p50, p99); every lead taken once.
 *  3. A 50 000-row XLSX import: time and the importing process's peak memory.
 *  4. A 100 000-row export streamed to the client: time, size and the server's peak memory.
 * BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_POOL_LEADS, BENCH_IMPORT_ROWS, BENCH_EXPORT_ROWS change the sizes.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import mongoose, { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createAccount, User } from '../../server/modules/auth';
import { Lead } from '../../server/modules/leads';
import { LeadPool } from '../../server/modules/leads/pool.model';
import { Level, Partner } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';
import { claimStorm, CONNECTIONS, DURATION_S, login, measure, peakRssMb, startTarget, table } from './harness';

const POOL_LEADS = Number(process.env.BENCH_POOL_LEADS ?? 3_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const CLAIMERS = 200;
const PARTNERS = 10;
const PASSWORD = 'Bench12345';

/** Rows of leads written straight to the collection (fixtures, not what is measured). */
function rawLeads(tenantId: Types.ObjectId, createdBy: Types.ObjectId, count: number, prefix: string, poolId: Types.ObjectId | null) {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => ({
    tenantId, company: `${prefix}${i}有限公司`, companyKey: `${prefix}${i}`, contactName: null, phone: null, phoneKey: null, region: { province: '310000' },
    source: 'event', notes: '', state: poolId ? 'pooled' : 'new', reason: null, partnerId: null, ownerId: poolId ? null : createdBy, collaboratorIds: [], poolId,
    approvalId: null, offeredUntil: null, offeredTo: [], takenAt: poolId ? null : now, lastFollowUpAt: null, nextFollowUpAt: null, followUpDue: null,
    recycleAt: null, remindAt: null, cooldowns: [], conversion: null, createdBy, createdAt: now, updatedAt: now,
  }));
}

async function seed(uri: string, dbName: string) {
  await connect(uri, dbName);
  const tenant = await Tenant.create({ code: 'bench', name: 'Bench' });
  const ids = await runAsSystem(tenant._id.toHexString(), async () => {
    const level = await Level.create({ name: 'Gold', rank: 1, weight: 1, leadLimit: 1_000_000, accountLimit: 10, maxDiscountPct: 5 });
    const admin = await createAccount({ name: 'Bench admin', username: 'admin', role: 'admin', partnerId: null, initialPassword: PASSWORD });
    const partners = await Partner.insertMany(Array.from({ length: PARTNERS }, (_, p) => ({ tenantId: tenant._id, name: `Bench partner ${p}`, levelId: level._id, region: { province: '310000' } })));
    for (let m = 0; m < CLAIMERS; m++) {
      await createAccount({ name: `Claimer ${m}`, username: `claimer${m}`, role: 'partner_member', partnerId: partners[m % PARTNERS]._id, initialPassword: PASSWORD });
    }
    await createAccount({ name: 'Reporter', username: 'reporter', role: 'partner_member', partnerId: partners[0]._id, initialPassword: PASSWORD });
    await User.updateMany({}, { mustChangePassword: false });
    const pool = await LeadPool.create({
      name: 'Bench pool', members: { levelIds: [level._id], provinces: [], partnerIds: [], staffIds: [] }, publicFields: ['region'], distribution: 'manual', acceptHours: 24,
      claim: { enabled: true, dailyLimit: null, perPerson: null, perPartner: null, cooldownDays: 0 }, recycle: { noFollowUpDays: null, notConvertedDays: null, remindDaysBefore: null },
    });
    const leads = await Lead.insertMany(rawLeads(tenant._id, admin._id, POOL_LEADS, '池中', pool._id), { lean: true });
    return { adminId: admin._id, leadIds: leads.map((l) => String(l._id)) };
  });
  await mongoose.disconnect();
  return { tenantId: tenant._id, ...ids };
}

async function importFile(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('线索');
  sheet.addRow(['公司名称', '联系人', '手机', '省份', '备注']);
  for (let i = 0; i < rows; i++) sheet.addRow([`导入基准${i}号科技有限公司`, `联系人${i}`, String(15_000_000_000 + i), '310000', i % 10 === 0 ? '' : `第 ${i} 行`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const engine = await startJavaEngine({ storage: 'memory' }, console.log);
  const dbName = `bench_leads_${Date.now()}`;
  try {
    const seeded = await seed(engine.uri, dbName);

    // 1. Capture against the baselines.
    const constant = async (target: { url: string }) => ({ url: `${target.url}/write`, method: 'POST' as const });
    const bare = await measure('a) bare Koa route', 'bare', engine.uri, dbName, constant);
    const insert = await measure('b) raw driver insertOne', 'insert', engine.uri, dbName, constant);
    let counter = 0;
    const capture = await measure('c) lead capture (full stack, duplicate-checked)', 'full', engine.uri, dbName, async (target) => {
      const token = await login(target.url, 'bench', 'reporter', PASSWORD);
      return {
        url: target.url,
        requests: [{
          method: 'POST', path: '/api/v1/leads', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          setupRequest: (req: autocannon.Request) => {
            counter += 1;
            return { ...req, body: JSON.stringify({ company: `基准报备${counter}科技有限公司`, phone: String(13_000_000_000 + counter), region: { province: '310000' } }) };
          },
        }],
      };
    });

    // 2. Claims, 3. import and 4. export on one full-stack server.
    const target = await startTarget('full', engine.uri, dbName);
    let storm;
    let imported;
    let exported;
    try {
      storm = await claimStorm(target.url, seeded.leadIds, { claimers: Array.from({ length: CLAIMERS }, (_, m) => `claimer${m}`), password: PASSWORD, path: (id) => `/api/v1/leads/${id}/claim`, takenCode: 'lead.taken' });
      if (storm.claims !== POOL_LEADS) throw new Error(`${storm.claims} claims for ${POOL_LEADS} leads`);

      const admin = await login(target.url, 'bench', 'admin', PASSWORD);
      const file = await importFile(IMPORT_ROWS);
      const upload = await fetch(`${target.url}/api/v1/lead-imports?filename=bench.xlsx`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, body: file });
      const { id } = (await upload.json()) as { id: string };
      await fetch(`${target.url}/api/v1/lead-imports/${id}/start`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ mapping: { company: 0, contactName: 1, phone: 2, province: 3, notes: 4 } }) });
      const t0 = performance.now();
      const runner = await startTarget('import', engine.uri, dbName);
      const importSeconds = (performance.now() - t0) / 1000;
      const importPeak = peakRssMb(runner.child.pid!);
      runner.child.kill();
      const status = (await (await fetch(`${target.url}/api/v1/lead-imports/${id}`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { imported: number; failed: number; state: string };
      if (status.state !== 'done' || status.imported !== IMPORT_ROWS) throw new Error(`import ended ${JSON.stringify(status)}`);
      imported = { rows: IMPORT_ROWS, seconds: importSeconds, perSecond: IMPORT_ROWS / importSeconds, peakMb: importPeak, fileMb: file.length / 1048576 };

      // Top the tenant up to the export size with fixtures, then export every lead as the admin.
      await connect(engine.uri, dbName);
      const existing = await runAsSystem(String(seeded.tenantId), async () => Lead.countDocuments({}));
      for (let done = existing; done < EXPORT_ROWS; done += 5_000) {
        await Lead.insertMany(rawLeads(seeded.tenantId, seeded.adminId, Math.min(5_000, EXPORT_ROWS - done), `填充${done}-`, null), { lean: true });
      }
      await mongoose.disconnect();
      const before = peakRssMb(target.child.pid!);
      const e0 = performance.now();
      const response = await fetch(`${target.url}/api/v1/leads/export`, { headers: { authorization: `Bearer ${admin}` } });
      let bytes = 0;
      for await (const chunk of response.body!) bytes += (chunk as Uint8Array).length;
      exported = { rows: Math.max(existing, EXPORT_ROWS), seconds: (performance.now() - e0) / 1000, mb: bytes / 1048576, peakBefore: before, peakAfter: peakRssMb(target.child.pid!) };
    } finally {
      target.child.kill();
    }

    console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s each, ${engine.description}`);
    console.table(table([bare, insert, capture]));
    console.log(`capture/bare = ${(capture.rps / bare.rps).toFixed(3)}   capture/insert = ${(capture.rps / insert.rps).toFixed(3)}`);
    console.log(`claims: ${CLAIMERS} concurrent claimers emptied a pool of ${storm.claims} leads in ${storm.seconds.toFixed(1)} s: ${storm.perSecond.toFixed(0)} claims/s, ${storm.requests} requests, p50 ${storm.p50.toFixed(0)} ms, p99 ${storm.p99.toFixed(0)} ms, each lead claimed once`);
    console.log(`import: ${imported.rows} rows (${imported.fileMb.toFixed(1)} MB XLSX) in ${imported.seconds.toFixed(1)} s, ${imported.perSecond.toFixed(0)} rows/s, importing process peak RSS ${imported.peakMb} MB`);
    console.log(`export: ${exported.rows} rows, ${exported.mb.toFixed(1)} MB XLSX in ${exported.seconds.toFixed(1)} s; server peak RSS ${exported.peakBefore} MB before, ${exported.peakAfter} MB after`);
    if (capture.errors || bare.errors || insert.errors || storm.failures) {
      console.error('Some requests failed: the figures above are not valid.');
      process.exitCode = 1;
    }
  } finally {
    await engine.stop();
  }
}

void main();
