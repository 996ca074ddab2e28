import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import path from 'node:path';
import { createApp } from './app';
import { ensureClientBuilt } from './core/client';
import { ConfigError, loadConfig } from './core/config';
import { connect, resolveEngine } from './core/db/connection';
import { createLogger } from './core/logger';
import { jwtSecretFor, sealingKeyFor } from './core/secrets';
import { seedDemo } from './seed/demo';
import { startDemoWeChat } from './seed/wechat-emulator';

async function main(): Promise<void> {
  let config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const say = (message: string) => logger.info(message);

  const engine = await resolveEngine(config, say);
  await connect(engine.uri, config.DB_NAME);
  say(`Database: ${engine.description}, database "${config.DB_NAME}"`);
  if (config.SEED_DEMO && (await seedDemo()).created) say('Empty database: demo data created (see README, "Demo logins")');

  const sealingKey = sealingKeyFor(config);
  const wechatDemo = config.WECHAT_MODE === 'emulator' ? await startDemoWeChat(config, sealingKey, say) : null;
  if (wechatDemo) config = wechatDemo.config;

  const clientDist = path.resolve(config.CLIENT_DIST);
  if (config.NODE_ENV !== 'production') ensureClientBuilt(clientDist, say);
  const app = createApp({ config, jwtSecret: jwtSecretFor(config), sealingKey, logger, clientDist });
  await app.jobs.start();
  const server = app.listen(config.PORT, config.HOST, () => say(`ChannelPass is listening on http://localhost:${(server.address() as AddressInfo).port}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    server.close();
    await app.jobs.stop();
    await wechatDemo?.stop();
    await mongoose.disconnect();
    await engine.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A configuration problem is the operator's to fix: say what, without a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('ChannelPass failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
