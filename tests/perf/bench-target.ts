/**
 * One benchmark target per process, so the load generator does not share its event loop:
 *   bare   - a Koa route answering a constant
 *   insert - a Koa route doing one raw driver insertOne
 *   full   - the real app (auth, scope, validation, mongoose) for the authenticated write
 *   import - no server: runs the queued lead imports to their end, then says READY (its peak memory is the import's)
 * Prints "READY <port>" when listening.
 */
import Router from '@koa/router';
import Koa from 'koa';
import mongoose from 'mongoose';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/core/config';
import { connect } from '../../server/core/db/connection';
import { createLogger } from '../../server/core/logger';
import { runQueuedImports } from '../../server/modules/leads';

async function main(): Promise<void> {
  const [mode, uri, dbName, secret] = process.argv.slice(2);
  let app: Koa;
  if (mode === 'import') {
    await connect(uri, dbName);
    await runQueuedImports(createLogger('info'));
    console.log('READY 0');
    return;
  }
  if (mode === 'full') {
    await connect(uri, dbName);
    app = createApp({ config: { ...loadConfig({}), ACCESS_TOKEN_TTL_SECONDS: 3600 }, jwtSecret: secret, sealingKey: Buffer.alloc(32, 1), logger: createLogger('silent') });
  } else {
    app = new Koa();
    const router = new Router();
    if (mode === 'insert') {
      await mongoose.connect(uri, { dbName });
      const collection = mongoose.connection.db!.collection('bench_raw');
      let n = 0;
      router.post('/write', async (koa) => {
        await collection.insertOne({ n: n++, at: new Date() });
        koa.body = { ok: true };
      });
    } else {
      router.post('/write', (koa) => {
        koa.body = { ok: true };
      });
    }
    app.use(router.routes());
  }
  const server = app.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as { port: number }).port}`));
}

// Exit cleanly on SIGTERM so --cpu-prof (BENCH_NODE_ARGS) can write its profile.
process.on("SIGTERM", () => process.exit(0));
void main();
