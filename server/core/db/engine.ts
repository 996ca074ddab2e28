import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Where the embedded engine's Maven project lives, relative to the repository root. */
const ROOT = path.resolve(__dirname, '../../..');
const ENGINE_DIR = path.join(ROOT, 'engine');
const CLASSES = path.join(ENGINE_DIR, 'target', 'classes');
const LIB = path.join(ENGINE_DIR, 'target', 'lib');
const SOURCES = [path.join(ENGINE_DIR, 'pom.xml'), path.join(ENGINE_DIR, 'src')];

export interface RunningEngine {
  uri: string;
  /** What is serving, for logs and the README's promise that a newcomer can tell. */
  description: string;
  stop(): Promise<void>;
}

type Say = (message: string) => void;

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

function engineIsBuilt(): boolean {
  if (!existsSync(CLASSES) || !existsSync(LIB)) return false;
  return newestMtime(CLASSES) >= Math.max(...SOURCES.map(newestMtime));
}

/** Builds engine/ with Maven when its output is missing or older than its sources (first start only). */
export function buildEngine(say: Say): void {
  if (engineIsBuilt()) return;
  say('Building the embedded MongoDB engine (mongo-java-server via Maven; first run only, about a minute)…');
  const result = spawnSync('mvn', ['-q', '-B', 'package'], { cwd: ENGINE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new Error(`Could not run Maven to build the embedded engine: ${result.error.message}. Install Java 17 and Maven, or set MONGODB_URI.`);
  if (result.status !== 0) throw new Error('Maven failed to build the embedded engine (see its output above), or set MONGODB_URI to use a real MongoDB.');
  say('Embedded engine built.');
}

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const fail = (why: string) => reject(new Error(`The embedded engine did not start: ${why}\n${stderr.join('')}`));
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    lines.on('line', (line) => {
      const match = /^READY port=(\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
}

/**
 * Starts mongo-java-server: `file` keeps data in an H2 database file (npm start), `memory` forgets it on exit (tests).
 * The child exits when our end of its stdin closes, so it never outlives this process.
 */
export async function startJavaEngine(options: { storage: 'memory' } | { storage: 'file'; file: string }, say: Say): Promise<RunningEngine> {
  buildEngine(say);
  const storageArgs = options.storage === 'memory' ? ['--memory'] : ['--file', path.resolve(options.file)];
  if (options.storage === 'file') mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const child = spawn('java', ['-Xss4m', '-cp', `${CLASSES}${path.delimiter}${path.join(LIB, '*')}`, 'dev.channelpass.engine.Main', ...storageArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const port = await waitForReady(child);
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    description: `mongo-java-server (${options.storage === 'memory' ? 'in memory' : `H2 file ${options.file}`}) on port ${port}`,
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

/** A real mongod from mongodb-memory-server, for machines that can download it (not a dependency here). */
export async function startMemoryServer(dbPath: string | undefined): Promise<RunningEngine> {
  let memoryServer: { MongoMemoryServer: { create(options?: unknown): Promise<{ getUri(): string; stop(): Promise<boolean> }> } };
  try {
    memoryServer = require('mongodb-memory-server');
  } catch {
    throw new Error('EMBEDDED_ENGINE=memory-server needs `npm install --no-save mongodb-memory-server` on a machine with internet.');
  }
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const server = await memoryServer.MongoMemoryServer.create(dbPath ? { instance: { dbPath, storageEngine: 'wiredTiger' } } : undefined);
  return {
    uri: server.getUri().replace(/\/[^/]*$/, ''),
    description: 'mongod from mongodb-memory-server',
    async stop() {
      await server.stop();
    },
  };
}
