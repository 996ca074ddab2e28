import mongoose from 'mongoose';
import path from 'node:path';
import type { Config } from '../config';
import { startJavaEngine, startMemoryServer, type RunningEngine } from './engine';

export interface Database {
  description: string;
  close(): Promise<void>;
}

/** The engine order of the design: MONGODB_URI, else the embedded engine with its data under DATA_DIR. */
export async function resolveEngine(config: Config, say: (message: string) => void): Promise<RunningEngine> {
  if (config.MONGODB_URI) {
    return { uri: config.MONGODB_URI, description: 'MongoDB at MONGODB_URI', stop: async () => undefined };
  }
  if (config.EMBEDDED_ENGINE === 'memory-server') return startMemoryServer(path.join(config.DATA_DIR, 'mongod'));
  return startJavaEngine({ storage: 'file', file: path.join(config.DATA_DIR, 'engine', 'channelpass.mv') }, say);
}

/**
 * mongoose keeps the call-site stack of every query it runs (to report a query run twice); with source maps on (tsx)
 * each of those costs more than the query's own work. The queries here are never run twice.
 */
mongoose.set('skipOriginalStackTraces', true);

/** Connects mongoose to `dbName` on the engine and creates the indexes every model declares. */
export async function connect(uri: string, dbName: string): Promise<void> {
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
}

export async function ping(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}
