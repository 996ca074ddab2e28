import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types, type Connection } from 'mongoose';
import { startJavaEngine } from '../../server/core/db/engine';

/**
 * The embedded engine answers a query that pins every key of a unique index from that index (engine/IndexedLookups):
 * its answers must be exactly what a scan gives. `{$and: [query]}` has no top-level keys to pin, so it always scans.
 */
let connection: Connection;
const tenantId = new Types.ObjectId();
const other = new Types.ObjectId();
const ids = Array.from({ length: 6 }, () => new Types.ObjectId());

beforeAll(async () => {
  connection = await mongoose.createConnection(process.env.MONGODB_URI!, { dbName: `engine_${randomBytes(4).toString('hex')}` }).asPromise();
  const c = connection.collection('things');
  await c.createIndex({ tenantId: 1, key: 1 }, { unique: true });
  await c.createIndex({ tenantId: 1, logins: 1 }, { unique: true });
  await c.createIndex({ code: 1 }, { unique: true, sparse: true });
  await c.insertMany([
    { _id: ids[0], tenantId, key: 'a', state: 'open', logins: ['x', 'y'], n: 1, code: 'C1' },
    { _id: ids[1], tenantId, key: 'b', state: 'closed', logins: ['z'], n: 2.0 },
    { _id: ids[2], tenantId, key: 'c', state: 'open', logins: [], n: 3 },
    { _id: ids[3], tenantId: other, key: 'a', state: 'open', logins: ['x'], n: 1, code: 'C2' },
    { _id: ids[4], tenantId, key: 'ab', state: null, logins: ['w'], n: 5 },
    { _id: ids[5], tenantId, key: null, state: 'open', logins: ['v'], n: 6 },
  ] as never[]);
});
afterAll(async () => {
  await connection.dropDatabase();
  await connection.close();
});

const QUERIES: Record<string, object> = {
  '_id and tenant': { _id: ids[0], tenantId },
  '_id of another tenant': { _id: ids[3], tenantId },
  '_id $in and tenant': { _id: { $in: [ids[0], ids[3], ids[4]] }, tenantId },
  '_id $in with $and': { _id: { $in: ids }, $and: [{ state: 'open' }] },
  'unique pair and a state': { tenantId, key: 'a', state: 'open' },
  'unique pair, state not matching': { tenantId, key: 'a', state: 'closed' },
  'unique pair with a null key': { tenantId, key: null, state: 'open' },
  'a list value on a multikey index': { tenantId, logins: ['x', 'y'], n: 1 },
  'an empty list value': { tenantId, logins: [], n: 3 },
  'one element of a multikey index': { tenantId, logins: 'x', n: 1 },
  'a pattern in $in': { _id: { $in: [ids[0]] }, key: { $in: [/^a/] } },
  'a pattern on a unique key': { tenantId, key: /^a/, n: { $gte: 1 } },
  'a number stored as a double': { tenantId, key: 'b', n: 2 },
  'a sparse unique key': { code: 'C1', tenantId },
  'a sparse unique key absent': { code: null, tenantId },
  'an operator on a unique key': { tenantId, key: { $gt: 'a' }, state: 'open' },
};

describe('indexed lookups on the embedded engine', () => {
  it.each(Object.entries(QUERIES))('%s: the same documents as a scan', async (_, query) => {
    const c = connection.collection('things');
    const ids = (docs: { _id: unknown }[]) => docs.map((d) => String(d._id)).sort();
    expect(ids(await c.find(query).toArray())).toEqual(ids(await c.find({ $and: [query] }).toArray()));
  });

  it('answers a tenant-scoped _id lookup without scanning the collection', async () => {
    const c = connection.collection('bulk');
    const docs = Array.from({ length: 20_000 }, (_, i) => ({ _id: `k${i}`, tenantId, v: i }));
    for (let i = 0; i < docs.length; i += 5_000) await c.insertMany(docs.slice(i, i + 5_000) as never[]);
    const time = async (query: object) => {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) await c.find(query).toArray();
      return (performance.now() - t0) / 20;
    };
    const indexed = await time({ _id: 'k12345', tenantId });
    const scanned = await time({ $and: [{ _id: 'k12345', tenantId }] });
    // A scan of 20,000 documents takes several times an index lookup; the ratio, not a time, is what is checked.
    expect(indexed * 3).toBeLessThan(scanned);
  }, 60_000);
});

describe('findAndModify under concurrency', () => {
  /** 400 increments of one counter at once must answer 400 different values: each the value its own write made. */
  async function incrementsAnswerTheirOwnValue(uri: string) {
    const db = await mongoose.createConnection(uri, { dbName: `engine_${randomBytes(4).toString('hex')}` }).asPromise();
    try {
      const counters = db.collection<{ _id: string; value: number }>('counters');
      const values = await Promise.all(Array.from({ length: 400 }, async () => (await counters.findOneAndUpdate({ _id: 'n' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }))!.value));
      expect(new Set(values).size).toBe(400);
      expect(Math.max(...values)).toBe(400);
    } finally {
      await db.dropDatabase();
      await db.close();
    }
  }

  it('answers each increment with its own value in memory', async () => {
    await incrementsAnswerTheirOwnValue(process.env.MONGODB_URI!);
  });

  it('and in the file-backed store npm start uses', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cp-engine-'));
    const engine = await startJavaEngine({ storage: 'file', file: path.join(dir, 'test.mv') }, () => undefined);
    try {
      await incrementsAnswerTheirOwnValue(engine.uri);
    } finally {
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
