import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { Holding } from '../../server/core/holdings';
import { createLogger } from '../../server/core/logger';
import { Account, sweepAccounts } from '../../server/modules/accounts';
import { createAccount as createUser, User } from '../../server/modules/auth';
import { Level, Partner } from '../../server/modules/partners';
import { PASSWORD, useWorld, type Person } from '../helpers/world';

const t = useWorld();
const logger = createLogger('silent');
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);

const OPEN = { claim: { enabled: true, cooldownDays: 0 }, recycle: { noFollowUpDays: null, noDealDays: null, remindDaysBefore: null } };
let poolSerial = 0;
async function newPool(fields: Record<string, unknown> = {}) {
  poolSerial += 1;
  const res = await call('POST', '/account-pools', 'admin', {
    name: `客户公海${poolSerial}`,
    members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1], staffIds: [] },
    ...OPEN,
    ...fields,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
let accountSerial = 0;
async function pooledAccounts(poolId: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    accountSerial += 1;
    const res = await call('POST', '/accounts', 'admin', { name: `公海客户${accountSerial}号实业有限公司`, region: { province: '310000' }, poolId, acknowledgeDuplicates: true });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}
const held = (userId: string) => inTenant(async () => (await Holding.findOne({ holderId: new Types.ObjectId(userId), scope: 'accounts' }).lean())?.count ?? 0);

describe('claiming and returning', () => {
  let pool: { id: string };
  let other: { id: string };
  let ids: string[];
  beforeAll(async () => {
    other = await newPool();
    pool = await newPool({ claim: { enabled: true, cooldownDays: 3 }, moveTo: [other.id] });
    ids = await pooledAccounts(pool.id, 3);
  });

  it('shows members what waits in the pool, and the pool to members only', async () => {
    expect((await call('GET', '/account-pools', 'p1member')).body.map((p: { id: string }) => p.id)).toContain(pool.id);
    expect((await call('GET', '/account-pools', 'p2admin')).body.map((p: { id: string }) => p.id)).not.toContain(pool.id);
    expect((await call('GET', `/account-pools/${pool.id}/accounts`, 'p2admin')).status).toBe(404);
    const waiting = (await call('GET', `/account-pools/${pool.id}/accounts`, 'p1member')).body.items;
    expect(waiting.map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
    expect((await call('GET', `/accounts/${ids[0]}`, 'p1member')).status).toBe(404);
    expect((await call('GET', `/account-pools/${pool.id}`, 'admin')).body.pooledCount).toBe(3);
    // Members see the pool's rules, not who else belongs to it.
    expect((await call('GET', `/account-pools/${pool.id}`, 'p1member')).body.members).toEqual({ levelIds: [], provinces: [], partnerIds: [], staffIds: [] });
    expect((await call('GET', `/account-pools/${pool.id}`, 'admin')).body.members.partnerIds).toEqual([t.world.a.partners.p1]);
  });

  it('gives an account to the first claimer only, and counts it', async () => {
    const before = await held(t.world.a.users.p1member);
    const [a, b] = await Promise.all([call('POST', `/accounts/${ids[0]}/claim`, 'p1member', {}), call('POST', `/accounts/${ids[0]}/claim`, 'p1admin', {})]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ state: 'active', partnerId: t.world.a.partners.p1, poolId: pool.id, protected: false });
    if (a.status === 200) expect(await held(t.world.a.users.p1member)).toBe(before + 1);
  });

  it('returns an account with its reason: owner and team cleared, the previous holders cool down', async () => {
    const claimed = await call('POST', `/accounts/${ids[1]}/claim`, 'p1member', {});
    expect(claimed.status).toBe(200);
    await call('POST', `/accounts/${ids[1]}/team`, 'p1member', { userId: t.world.a.users.p1admin });
    const before = await held(t.world.a.users.p1member);
    expect((await call('POST', `/accounts/${ids[1]}/return`, 'p1member', { reason: '客户无采购计划' })).status).toBe(204);
    expect(await held(t.world.a.users.p1member)).toBe(before - 1);
    const back = (await call('GET', `/accounts/${ids[1]}`, 'admin')).body;
    expect(back).toMatchObject({ state: 'pooled', ownerId: null, partnerId: null, team: [], reason: '客户无采购计划' });
    expect((await call('POST', `/accounts/${ids[1]}/claim`, 'p1member', {})).body.code).toBe('account.cooldown');
    expect((await call('POST', `/accounts/${ids[1]}/claim`, 'p1admin', {})).body.code).toBe('account.cooldown');
    const listed = (await call('GET', `/account-pools/${pool.id}/accounts`, 'p1member')).body.items.find((a: { id: string }) => a.id === ids[1]);
    expect(listed.cooldownUntil).not.toBeNull();
    const story = (await call('GET', `/accounts/${ids[1]}/events`, 'admin')).body.items.map((e: { type: string; text: string }) => [e.type, e.text]);
    expect(story[0]).toEqual(['returned', '客户无采购计划']);
  });

  it('moves pooled accounts only to the pools their pool allows', async () => {
    const stranger = await newPool();
    expect((await call('POST', `/accounts/${ids[2]}/move`, 'admin', { poolId: stranger.id })).body.code).toBe('account.move_not_allowed');
    expect((await call('POST', `/accounts/${ids[2]}/move`, 'p1admin', { poolId: other.id })).status).toBe(404);
    const moved = await call('POST', `/accounts/${ids[2]}/move`, 'admin', { poolId: other.id, reason: '区域调整' });
    expect(moved.body).toMatchObject({ poolId: other.id, state: 'pooled' });
    // An account reported outside pools goes back to a pool its holder names.
    const own = await call('POST', '/accounts', 'p1member', { name: '自报客户退回测试有限公司', region: { province: '310000' } });
    expect((await call('POST', `/accounts/${own.body.id}/return`, 'p1member', { reason: '无意向' })).status).toBe(400);
    expect((await call('POST', `/accounts/${own.body.id}/return`, 'p1member', { reason: '无意向', poolId: other.id })).status).toBe(204);
    expect((await call('GET', `/accounts/${own.body.id}`, 'admin')).body).toMatchObject({ state: 'pooled', poolId: other.id, protected: false });
  });

  it('refuses claims when the pool is closed for them', async () => {
    const closed = await newPool({ claim: { enabled: false, cooldownDays: 0 } });
    const [id] = await pooledAccounts(closed.id, 1);
    expect((await call('POST', `/accounts/${id}/claim`, 'p1member', {})).body.code).toBe('account.claim_closed');
  });
});

describe('holding limits', () => {
  it("applies the lower of the person's capacity and their level's limit, and lets won accounts go free when told", async () => {
    const pool = await newPool();
    const ids = await pooledAccounts(pool.id, 6);
    // Gold allows 100; the member's own capacity is lower: it applies. What they already hold counts.
    const already = await held(t.world.a.users.p1member);
    await inTenant(async () => await User.updateOne({ _id: new Types.ObjectId(t.world.a.users.p1member) }, { $set: { accountCapacity: already + 2 } }));
    try {
      expect((await call('POST', `/accounts/${ids[0]}/claim`, 'p1member', {})).status).toBe(200);
      expect((await call('POST', `/accounts/${ids[1]}/claim`, 'p1member', {})).status).toBe(200);
      expect((await call('POST', `/accounts/${ids[2]}/claim`, 'p1member', {})).body.code).toBe('account.person_limit');
      // Assignment respects the same limit.
      expect((await call('POST', `/accounts/${ids[2]}/assign`, 'admin', { userId: t.world.a.users.p1member })).body.code).toBe('account.person_limit');

      // A won account still counts by default; once the upstream lets won accounts go free, it does not.
      expect((await call('POST', `/accounts/${ids[0]}/deal`, 'p1member', { note: '签约' })).status).toBe(403);
      expect((await call('POST', `/accounts/${ids[0]}/deal`, 'manager1', { note: '签约' })).body).toMatchObject({ won: true });
      expect((await call('POST', `/accounts/${ids[2]}/claim`, 'p1member', {})).body.code).toBe('account.person_limit');
      const settings = (await call('GET', '/account-settings', 'admin')).body;
      await call('PUT', '/account-settings', 'admin', { ...settings, updatedAt: undefined, wonCounts: false });
      try {
        expect((await call('POST', `/accounts/${ids[1]}/deal`, 'admin', {})).status).toBe(200);
        // ids[1] stops counting at its deal (ids[0] was won before the switch and keeps its count until it moves).
        expect((await call('POST', `/accounts/${ids[2]}/claim`, 'p1member', {})).status).toBe(200);
        expect((await call('POST', `/accounts/${ids[3]}/claim`, 'p1member', {})).body.code).toBe('account.person_limit');
      } finally {
        await call('PUT', '/account-settings', 'admin', { ...settings, updatedAt: undefined, wonCounts: true });
      }
    } finally {
      await inTenant(async () => await User.updateOne({ _id: new Types.ObjectId(t.world.a.users.p1member) }, { $set: { accountCapacity: null } }));
    }
    // The level's limit applies when it is the lower one.
    await inTenant(async () => await Level.updateOne({ _id: new Types.ObjectId(t.world.a.levels.gold) }, { $set: { accountLimit: 0 } }));
    try {
      expect((await call('POST', `/accounts/${ids[4]}/claim`, 'p1admin', {})).body.code).toBe('account.person_limit');
    } finally {
      await inTenant(async () => await Level.updateOne({ _id: new Types.ObjectId(t.world.a.levels.gold) }, { $set: { accountLimit: 100 } }));
    }
  });
});

describe('200 concurrent claims against 50 accounts', () => {
  const people: { token: string; userId: string; partnerId: string; limit: number }[] = [];
  let ids: string[];

  beforeAll(async () => {
    // Four partners of five people. Levels allow 3 and 2 accounts a person; two people have a capacity of 1.
    const partnerIds: string[] = [];
    await inTenant(async () => {
      const three = await Level.create({ name: 'Race3', rank: 20, weight: 10, leadLimit: 100, accountLimit: 3, maxDiscountPct: 0 });
      const two = await Level.create({ name: 'Race2', rank: 21, weight: 10, leadLimit: 100, accountLimit: 2, maxDiscountPct: 0 });
      for (let p = 0; p < 4; p++) {
        const level = p < 2 ? three : two;
        const partner = await Partner.create({ name: `客户并发伙伴${p}`, levelId: level._id, region: { province: '310000' } });
        partnerIds.push(partner._id.toHexString());
        for (let m = 0; m < 5; m++) {
          const capacity = m === 0 && p % 2 === 0 ? 1 : null;
          const user = await createUser({ name: `客户并发${p}-${m}`, username: `arace${p}m${m}`, role: 'partner_member', partnerId: partner._id, initialPassword: PASSWORD, ...(capacity ? { accountCapacity: capacity } : {}) });
          people.push({ token: '', userId: user._id.toHexString(), partnerId: partner._id.toHexString(), limit: Math.min(capacity ?? Infinity, level.accountLimit) });
        }
      }
      await User.updateMany({ username: /^arace/ }, { mustChangePassword: false });
    });
    for (const [i, person] of people.entries()) {
      const login = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: t.world.a.code, account: `arace${Math.floor(i / 5)}m${i % 5}`, password: PASSWORD } });
      person.token = login.body.accessToken;
    }
    const pool = await newPool({ members: { levelIds: [], provinces: [], partnerIds, staffIds: [] } });
    ids = await pooledAccounts(pool.id, 50);
  });

  it('never passes a limit, never gives an account twice, and reaches exactly what the limits allow', async () => {
    // 200 requests in flight at once: every person tries ten accounts, shuffled.
    const attempts = people.flatMap((person, i) => Array.from({ length: 10 }, (_, k) => ({ person, id: ids[(i * 7 + k * 13) % ids.length] })));
    const results = await Promise.all(attempts.map(({ person, id }) => t.app.request('POST', `/api/v1/accounts/${id}/claim`, { token: person.token, body: {} }).then((res) => ({ person, id, res }))));
    expect(results).toHaveLength(200);
    for (const { res } of results) {
      if (res.status !== 200) expect(['account.taken', 'account.person_limit']).toContain(res.body.code);
    }
    const won = results.filter((r) => r.res.status === 200);
    expect(new Set(won.map((r) => r.id)).size).toBe(won.length);

    // Then everyone tries everything, one by one, until nothing more can be taken.
    for (const person of people) {
      for (const id of ids) await t.app.request('POST', `/api/v1/accounts/${id}/claim`, { token: person.token, body: {} });
    }
    const docs = await inTenant(async () => await Account.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }).lean());
    const byOwner = new Map<string, number>();
    for (const doc of docs) if (doc.ownerId) byOwner.set(doc.ownerId.toHexString(), (byOwner.get(doc.ownerId.toHexString()) ?? 0) + 1);
    for (const person of people) expect(byOwner.get(person.userId) ?? 0).toBe(person.limit);
    // The limits add up to (1 + 4×3) + 5×3 + (1 + 4×2) + 5×2 = 47 of the 50: three stay in the pool.
    expect(docs.filter((d) => d.state === 'pooled')).toHaveLength(3);
    const counters = await inTenant(async () => await Holding.find({ holderId: { $in: people.map((p) => new Types.ObjectId(p.userId)) }, scope: 'accounts' }).lean());
    for (const counter of counters) expect(counter.count).toBe(byOwner.get(counter.holderId.toHexString()) ?? 0);
  }, 120_000);
});

describe('recycling', () => {
  it('reminds the holder, then takes the account back with owner and team cleared and the reason logged', async () => {
    const pool = await newPool({ recycle: { noFollowUpDays: 10, noDealDays: 30, remindDaysBefore: 2 } });
    const [id] = await pooledAccounts(pool.id, 1);
    const claimed = (await call('POST', `/accounts/${id}/claim`, 'p1member', {})).body;
    // No follow-up for 10 days comes before no deal for 30.
    expect(new Date(claimed.recycleAt).getTime() - new Date(claimed.takenAt).getTime()).toBe(10 * 86_400_000);
    await call('POST', `/accounts/${id}/team`, 'p1member', { userId: t.world.a.users.p1admin });

    // Eight days on: the reminder is due. The sweep runs twice and reminds once.
    await inTenant(async () => await Account.updateOne({ _id: new Types.ObjectId(id) }, { $set: { remindAt: new Date(Date.now() - 1000) } }));
    await sweepAccounts(logger);
    await sweepAccounts(logger);
    const todos = (await call('GET', '/inbox/todos?state=open&kind=account_recycle_soon&limit=100', 'p1member')).body.items.filter((i: { link: { params: { id: string } } }) => i.link.params.id === id);
    expect(todos).toHaveLength(1);

    // A follow-up moves the deadline and closes the reminder.
    const followed = (await call('POST', `/accounts/${id}/follow-ups`, 'p1member', { kind: 'call', text: '电话沟通' })).body;
    expect(new Date(followed.recycleAt).getTime()).toBeGreaterThan(new Date(claimed.recycleAt).getTime());
    expect((await call('GET', '/inbox/todos?state=open&kind=account_recycle_soon&limit=100', 'p1member')).body.items.filter((i: { link: { params: { id: string } } }) => i.link.params.id === id)).toHaveLength(0);

    // Its time comes: back to the pool, owner and team cleared, the reason on the timeline, the count given back.
    const before = await held(t.world.a.users.p1member);
    await inTenant(async () => await Account.updateOne({ _id: new Types.ObjectId(id) }, { $set: { recycleAt: new Date(Date.now() - 1000) } }));
    await sweepAccounts(logger);
    await sweepAccounts(logger);
    const back = (await call('GET', `/accounts/${id}`, 'admin')).body;
    expect(back).toMatchObject({ state: 'pooled', ownerId: null, partnerId: null, team: [], recycleAt: null, reason: '超期未跟进或未成交，自动收回' });
    expect(await held(t.world.a.users.p1member)).toBe(before - 1);
    const story = (await call('GET', `/accounts/${id}/events`, 'admin')).body.items.map((e: { type: string }) => e.type);
    expect(story.filter((type: string) => type === 'recycled')).toHaveLength(1);
  });

  it('stops the no-deal clock once the account is won', async () => {
    const pool = await newPool({ recycle: { noFollowUpDays: null, noDealDays: 30, remindDaysBefore: null } });
    const [id] = await pooledAccounts(pool.id, 1);
    expect((await call('POST', `/accounts/${id}/claim`, 'p1member', {})).body.recycleAt).not.toBeNull();
    expect((await call('POST', `/accounts/${id}/deal`, 'manager1', { note: '首单' })).body).toMatchObject({ won: true, recycleAt: null });
  });
});
