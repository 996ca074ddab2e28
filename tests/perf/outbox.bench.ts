/**
 * `npm run perf:outbox`: queue 10 000 WeChat messages and deliver them to the emulator (in its own process, as
 * WeChat is), through the real outbox on Agenda. Prints messages/s and the enqueue-to-delivery lag (p50, p99).
 * BENCH_MESSAGES changes the count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { createApp } from '../../server/app';
import { runAsSystem } from '../../server/core/context';
import { connect } from '../../server/core/db/connection';
import { startJavaEngine } from '../../server/core/db/engine';
import { createLogger } from '../../server/core/logger';
import { loadConfig } from '../../server/core/config';
import { createSealer } from '../../server/core/secrets';
import { Tenant } from '../../server/modules/tenants';
import { InboxItem, raise } from '../../server/modules/todos';
import { WechatIdentity } from '../../server/modules/wechat/identity.model';
import { WechatApp } from '../../server/modules/wechat/wechat-app.model';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const PEOPLE = 200;
const BATCH = 500;
const APP = 'wx00000000000000be';
const SECRET = randomBytes(16).toString('hex');
const TEMPLATE = 'TPL_BENCH_TODO';

function startEmulator(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../fakes/wechat/cli.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /WeChat emulator on (http:\/\/[\d.:]+)/.exec(String(chunk));
      if (match) resolve({ child, base: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

async function control(base: string, op: string, ...args: unknown[]): Promise<unknown> {
  const response = await fetch(`${base}/__emulator/control`, { method: 'POST', body: JSON.stringify({ op, args }) });
  const answer = (await response.json()) as { result?: unknown; error?: string };
  if (answer.error) throw new Error(`emulator ${op}: ${answer.error}`);
  return answer.result;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const engine = await startJavaEngine({ storage: 'memory' }, () => undefined);
  const emulator = await startEmulator();
  const key = randomBytes(32);
  try {
    await connect(engine.uri, `bench_outbox_${Date.now()}`);
    await control(emulator.base, 'registerApp', { appId: APP, appSecret: SECRET, kind: 'official', templates: [TEMPLATE] });
    const tenant = await Tenant.create({ code: 'bench', name: 'Bench' });
    const tenantId = tenant._id.toHexString();
    const people: Types.ObjectId[] = Array.from({ length: PEOPLE }, () => new Types.ObjectId());
    await runAsSystem(tenantId, async () => {
      await WechatApp.create({ _id: APP, kind: 'official', name: 'Bench', appSecretSealed: createSealer(key).seal(SECRET), templates: { todo: TEMPLATE } });
      for (const [index, userId] of people.entries()) {
        const userKey = `u${index}`;
        await control(emulator.base, 'addUser', { key: userKey });
        await control(emulator.base, 'follow', APP, userKey);
        const openid = (await control(emulator.base, 'openid', APP, userKey)) as string;
        await WechatIdentity.create({ _id: `${APP}:${openid}`, appId: APP, openid, userId, boundAt: new Date() });
      }
    });

    const config = { ...loadConfig({}), WECHAT_API_BASE: emulator.base, PUBLIC_URL: 'http://localhost:3000' };
    const app = createApp({ config, jwtSecret: randomBytes(32).toString('hex'), sealingKey: key, logger: createLogger('warn') });
    await app.jobs.start();

    const started = Date.now();
    await runAsSystem(tenantId, async () => {
      for (let offset = 0; offset < MESSAGES; offset += BATCH) {
        await raise(
          Array.from({ length: Math.min(BATCH, MESSAGES - offset) }, (_, i) => ({
            userId: people[(offset + i) % PEOPLE],
            category: 'todo' as const,
            kind: 'bench',
            noticeKind: 'todo' as const,
            sourceKey: `bench:${offset + i}`,
            title: `压测待办 ${offset + i}`,
          })),
        );
      }
    });
    const enqueued = Date.now();
    let sent = 0;
    for (let last = -1; sent < MESSAGES; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      sent = await runAsSystem(tenantId, async () => await InboxItem.countDocuments({ 'delivery.state': 'sent' }));
      if (sent !== last) process.stdout.write(`\r  delivered ${sent} / ${MESSAGES}`);
      last = sent;
    }
    const finished = Date.now();
    process.stdout.write('\n');

    const items = await runAsSystem(tenantId, async () => await InboxItem.find({}, { createdAt: 1, 'delivery.sentAt': 1, 'delivery.attempts': 1 }).lean());
    const lags = items.map((item) => item.delivery.sentAt!.getTime() - item.createdAt.getTime()).sort((a, b) => a - b);
    const state = (await (await fetch(`${emulator.base}/__emulator/state`)).json()) as { sent: { template: { client_msg_id: string }[] } };
    const unique = new Set(state.sent.template.map((s) => s.client_msg_id)).size;
    await app.jobs.stop();

    console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${engine.description}, emulator in its own process`);
    console.table([
      {
        messages: MESSAGES,
        'enqueue s': ((enqueued - started) / 1000).toFixed(1),
        'deliver s': ((finished - started) / 1000).toFixed(1),
        'messages/s': Math.round(MESSAGES / ((finished - started) / 1000)),
        'lag p50 ms': percentile(lags, 50),
        'lag p99 ms': percentile(lags, 99),
        'received by WeChat': state.sent.template.length,
        unique,
      },
    ]);
    if (state.sent.template.length !== MESSAGES || unique !== MESSAGES) throw new Error('WeChat did not receive every message exactly once');
  } finally {
    await mongoose.disconnect();
    emulator.child.kill();
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
