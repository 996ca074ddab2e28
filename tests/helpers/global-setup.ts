import { startJavaEngine } from '../../server/core/db/engine';

/**
 * One engine for the whole run (in memory), unless MONGODB_URI points at a real MongoDB. Each test file gets a
 * database of its own on it (tests/helpers/app.ts), so files never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const engine = await startJavaEngine({ storage: 'memory' }, (message) => console.log(message));
  process.env.MONGODB_URI = engine.uri;
  (globalThis as { __ENGINE__?: typeof engine }).__ENGINE__ = engine;
}
