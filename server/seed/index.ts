import mongoose from 'mongoose';
import { loadConfig } from '../core/config';
import { connect, resolveEngine } from '../core/db/connection';
import { seedDemo } from './demo';

/** `npm run seed`: adds the demo tenant to the configured database (a no-op when it is there). */
async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await resolveEngine(config, console.log);
  await connect(engine.uri, config.DB_NAME);
  const { created } = await seedDemo();
  console.log(created ? 'Demo data created.' : 'Demo tenant already present; nothing to do.');
  await mongoose.disconnect();
  await engine.stop();
}

main().catch((error: unknown) => {
  console.error('Seeding failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
