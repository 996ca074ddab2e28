import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { Holding, SETTLE_AFTER_MS } from '../../server/core/holdings';
import { createLogger } from '../../server/core/logger';
import { Account } from '../../server/modules/accounts';
import { recountHoldings } from '../../server/jobs';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);
const logger = createLogger('silent');
/** Recounts on a clock of their own: each call is `SETTLE_AFTER_MS` after the one before, unless told `soon`. */
let clock = Date.now();
const recount = (soon = false) => {
  clock += soon ? 1_000 : SETTLE_AFTER_MS;
  return recountHoldings(logger, new Date(clock));
};
const member = () => new Types.ObjectId(t.world.a.users.p1member);
const counter = (holderId: Types.ObjectId, scope: string) => inTenant(async () => await Holding.findOne({ holderId, scope }).lean());
const countOf = async (holderId: Types.ObjectId, scope: string) => (await counter(holderId, scope))?.count;
/** A crash between a record's move and its counter, or an old bug: the counter says something else. */
const drift = (holderId: Types.ObjectId, scope: string, count: number) =>
  inTenant(async () => await Holding.updateOne({ holderId, scope }, { $set: { count, updatedAt: new Date() } }));

const members = { levelIds: [], provinces: [], partnerIds: [] as string[], staffIds: [] };
let serial = 0;
async function pooledAccounts(count: number): Promise<string[]> {
  const pool = await call('POST', '/account-pools', 'admin', {
    name: `复核公海${++serial}`,
    members: { ...members, partnerIds: [t.world.a.partners.p1] },
    claim: { enabled: true, cooldownDays: 0 },
    recycle: { noFollowUpDays: null, noDealDays: null, remindDaysBefore: null },
  });
  expect(pool.status).toBe(201);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await call('POST', '/accounts', 'admin', { name: `复核客户${++serial}号有限公司`, region: { province: '310000' }, poolId: pool.body.id, acknowledgeDuplicates: true });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}
const claim = async (accountId: string) => expect((await call('POST', `/accounts/${accountId}/claim`, 'p1member', {})).status).toBe(200);

describe('holding counters recounted from the records', () => {
  let ids: string[];
  let truth: number;
  beforeAll(async () => {
    ids = await pooledAccounts(5);
    await claim(ids[0]);
    await claim(ids[1]);
    truth = (await countOf(member(), 'accounts'))!;
    expect(truth).toBeGreaterThanOrEqual(2);
  });

  it('corrects a drifted counter only when a later recount finds the same difference on an untouched counter', async () => {
    await drift(member(), 'accounts', truth + 3);
    // The first recount only notes the difference: it could be a move in flight.
    expect(await recount()).toBe(0);
    expect(await counter(member(), 'accounts')).toMatchObject({ count: truth + 3, suspect: { count: truth + 3, want: truth } });
    // A claim touches the counter meanwhile, so the next recount starts over instead of correcting.
    await claim(ids[2]);
    truth += 1;
    expect(await recount()).toBe(0);
    expect(await countOf(member(), 'accounts')).toBe(truth + 3);
    // So does a claim given back at once, though the count ends where it was.
    await claim(ids[4]);
    expect((await call('POST', `/accounts/${ids[4]}/return`, 'p1member', { reason: '复核' })).status).toBe(204);
    expect(await recount()).toBe(0);
    expect(await countOf(member(), 'accounts')).toBe(truth + 3);
    // A recount soon after the noting one waits, however the recounts are scheduled.
    expect(await recount(true)).toBe(0);
    expect(await countOf(member(), 'accounts')).toBe(truth + 3);
    // Untouched and standing long enough: corrected, and then settled.
    expect(await recount()).toBeGreaterThanOrEqual(1);
    expect(await counter(member(), 'accounts')).toMatchObject({ count: truth, suspect: null });
    expect(await recount()).toBe(0);
    expect(await countOf(member(), 'accounts')).toBe(truth);
    // The limit is checked against the corrected counter again: one more claim is one more.
    await claim(ids[3]);
    truth += 1;
    expect(await countOf(member(), 'accounts')).toBe(truth);
  });

  it('recreates a lost counter, and leaves the daily claim counters alone', async () => {
    await inTenant(async () => await Holding.deleteOne({ holderId: member(), scope: 'accounts' }));
    const daily = `day:${new Types.ObjectId().toHexString()}:2026-11-30`;
    await inTenant(async () => await Holding.create({ holderId: member(), scope: daily, count: 7, updatedAt: new Date(0) }));
    await recount();
    expect(await counter(member(), 'accounts')).toMatchObject({ count: 0, suspect: { want: truth } });
    await recount();
    expect(await countOf(member(), 'accounts')).toBe(truth);
    expect(await countOf(member(), daily)).toBe(7);
  });

  it('applies a changed "won accounts count" rule to the accounts won before the change', async () => {
    expect((await call('POST', `/accounts/${ids[0]}/deal`, 'manager1', { note: '签约' })).body).toMatchObject({ won: true });
    const settings = (await call('GET', '/account-settings', 'admin')).body;
    await call('PUT', '/account-settings', 'admin', { ...settings, updatedAt: undefined, wonCounts: false });
    try {
      // Won before the switch, it kept its count; the recount applies today's rule.
      expect(await countOf(member(), 'accounts')).toBe(truth);
      await recount();
      await recount();
      expect(await countOf(member(), 'accounts')).toBe(truth - 1);
    } finally {
      await call('PUT', '/account-settings', 'admin', { ...settings, updatedAt: undefined, wonCounts: true });
    }
    await recount();
    await recount();
    expect(await countOf(member(), 'accounts')).toBe(truth);
  });

  it('counts pool leads overall and per pool, for the person and the partner', async () => {
    const pool = await call('POST', '/lead-pools', 'admin', {
      name: '复核线索池',
      members: { ...members, partnerIds: [t.world.a.partners.p1] },
      claim: { enabled: true, dailyLimit: null, perPerson: null, perPartner: null, cooldownDays: 0 },
      recycle: { noFollowUpDays: null, notConvertedDays: null, remindDaysBefore: null },
    });
    const lead = await call('POST', '/leads', 'admin', { company: '复核线索有限公司', region: { province: '310000' }, source: 'event', poolId: pool.body.id });
    expect((await call('POST', `/leads/${lead.body.id}/claim`, 'p1member', {})).status).toBe(200);
    const partner = new Types.ObjectId(t.world.a.partners.p1);
    const before = { all: await countOf(member(), 'all'), pool: await countOf(member(), pool.body.id), partner: await countOf(partner, pool.body.id) };
    expect(before).toEqual({ all: expect.any(Number), pool: 1, partner: 1 });
    await drift(member(), 'all', 0);
    await drift(member(), pool.body.id, 9);
    await drift(partner, pool.body.id, 0);
    await recount();
    await recount();
    expect({ all: await countOf(member(), 'all'), pool: await countOf(member(), pool.body.id), partner: await countOf(partner, pool.body.id) }).toEqual(before);
  });

  it('leaves the counter true when recounts run close together while claims and returns race', async () => {
    const racing = await pooledAccounts(6);
    const moves = (path: 'claim' | 'return') =>
      racing.map(async (id) => expect((await call('POST', `/accounts/${id}/${path}`, 'p1member', path === 'claim' ? {} : { reason: '复核' })).status).toBeLessThan(300));
    let corrected = 0;
    const soon = async () => {
      corrected += await recount(true);
    };
    for (let round = 0; round < 4; round++) {
      await Promise.all([...moves('claim'), soon(), soon()]);
      await Promise.all([...moves('return'), soon(), soon()]);
    }
    await Promise.all([...moves('claim'), soon()]);
    expect(corrected).toBe(0);
    const held = await inTenant(async () => await Account.countDocuments({ ownerId: member(), state: { $in: ['active', 'reporting'] } }));
    expect(await countOf(member(), 'accounts')).toBe(held);
  });
});
