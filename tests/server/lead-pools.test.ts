import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { createLogger } from '../../server/core/logger';
import { createAccount, User } from '../../server/modules/auth';
import { Lead, sweepLeads } from '../../server/modules/leads';
import { Holding } from '../../server/core/holdings';
import { Level, Partner } from '../../server/modules/partners';
import { PASSWORD, useWorld, type Person } from '../helpers/world';

const t = useWorld();
const logger = createLogger('silent');
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);

const NO_RULES = {
  claim: { enabled: true, dailyLimit: null, perPerson: null, perPartner: null, cooldownDays: 0 },
  recycle: { noFollowUpDays: null, notConvertedDays: null, remindDaysBefore: null },
};
let poolSerial = 0;
async function newPool(fields: Record<string, unknown> = {}) {
  poolSerial += 1;
  const res = await call('POST', '/lead-pools', 'admin', {
    name: `线索池${poolSerial}`,
    members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1], staffIds: [] },
    ...NO_RULES,
    ...fields,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
let leadSerial = 0;
async function poolLeads(poolId: string, count: number, region: Record<string, string> = { province: '310000' }) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    leadSerial += 1;
    const res = await call('POST', '/leads', 'admin', { company: `池中线索${leadSerial}有限公司`, region, source: 'event', poolId });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
  return ids;
}
const stateOf = async (id: string) => (await call('GET', `/leads/${id}`, 'admin')).body;

describe('claiming from a pool', () => {
  let pool: { id: string };
  let leads: string[];
  beforeAll(async () => {
    pool = await newPool({ publicFields: ['region', 'source'], claim: { ...NO_RULES.claim, cooldownDays: 3 } });
    leads = await poolLeads(pool.id, 3);
  });

  it('shows members only the public fields until a lead is claimed, and shows the pool to members only', async () => {
    expect((await call('GET', '/lead-pools', 'p1member')).body.map((p: { id: string }) => p.id)).toContain(pool.id);
    expect((await call('GET', '/lead-pools', 'p2admin')).body.map((p: { id: string }) => p.id)).not.toContain(pool.id);
    expect((await call('GET', `/lead-pools/${pool.id}/leads`, 'p2admin')).status).toBe(404);
    const waiting = (await call('GET', `/lead-pools/${pool.id}/leads`, 'p1member')).body.items;
    expect(waiting).toHaveLength(3);
    expect(waiting[0]).toMatchObject({ company: null, phone: null, contactName: null, notes: null, region: { province: '310000' }, source: 'event' });
    expect((await call('GET', `/leads/${leads[0]}`, 'p1member')).status).toBe(404);
    expect((await call('POST', '/leads', 'p1member', { company: '越权入池', region: { province: '310000' }, poolId: pool.id })).status).toBe(403);
  });

  it('gives a lead to the first claimer only', async () => {
    const first = await call('POST', `/leads/${leads[0]}/claim`, 'p1member', {});
    expect(first.body).toMatchObject({ state: 'new', ownerId: t.world.a.users.p1member, partnerId: t.world.a.partners.p1, company: expect.stringContaining('池中线索') });
    expect((await call('POST', `/leads/${leads[0]}/claim`, 'p1admin', {})).body.code).toBe('lead.taken');
    expect((await call('POST', `/leads/${leads[1]}/claim`, 'p2admin', {})).status).toBe(404);
    const audit = (await call('GET', `/audit?entityType=lead&entityId=${leads[0]}`, 'admin')).body.items;
    expect(audit[0]).toMatchObject({ action: 'lead.claim', before: { state: 'pooled', ownerId: null }, after: { state: 'new', ownerId: t.world.a.users.p1member } });
  });

  it('returns a lead with its reason, and its previous holders cool down before claiming it again', async () => {
    expect((await call('POST', `/leads/${leads[0]}/release`, 'p1member', { reason: '客户暂无需求' })).status).toBe(204);
    expect(await stateOf(leads[0])).toMatchObject({ state: 'pooled', ownerId: null, partnerId: null, collaborators: [], reason: '客户暂无需求' });
    expect((await call('POST', `/leads/${leads[0]}/claim`, 'p1member', {})).body.code).toBe('lead.cooldown');
    expect((await call('POST', `/leads/${leads[0]}/claim`, 'p1admin', {})).body.code).toBe('lead.cooldown');
    const events = (await call('GET', `/leads/${leads[0]}/events`, 'admin')).body.items;
    expect(events[0]).toMatchObject({ type: 'released', text: '客户暂无需求', actorName: 'p1member' });
  });

  it('refuses claims when the pool is closed for them', async () => {
    await call('PATCH', `/lead-pools/${pool.id}`, 'admin', { claim: { ...NO_RULES.claim, enabled: false } });
    expect((await call('POST', `/leads/${leads[2]}/claim`, 'p1member', {})).body.code).toBe('lead.claim_closed');
  });
});

describe('limits', () => {
  it('stops a person at the pool limit and at the day limit, and counts returns back', async () => {
    const pool = await newPool({ claim: { ...NO_RULES.claim, perPerson: 2, dailyLimit: 3 } });
    const ids = await poolLeads(pool.id, 5);
    expect((await call('POST', `/leads/${ids[0]}/claim`, 'p1member', {})).status).toBe(200);
    expect((await call('POST', `/leads/${ids[1]}/claim`, 'p1member', {})).status).toBe(200);
    expect((await call('POST', `/leads/${ids[2]}/claim`, 'p1member', {})).body.code).toBe('lead.person_limit');
    await call('POST', `/leads/${ids[0]}/release`, 'p1member', { reason: '退回' });
    expect((await call('POST', `/leads/${ids[2]}/claim`, 'p1member', {})).status).toBe(200);
    await call('POST', `/leads/${ids[2]}/release`, 'p1member', { reason: '退回' });
    expect((await call('POST', `/leads/${ids[3]}/claim`, 'p1member', {})).body.code).toBe('lead.daily_limit');
    expect((await call('POST', `/leads/${ids[3]}/claim`, 'p1admin', {})).status).toBe(200);
  });

  it("applies the lower of the pool's limit and the person's own capacity", async () => {
    const pool = await newPool({ claim: { ...NO_RULES.claim, perPerson: 5 } });
    const ids = await poolLeads(pool.id, 3);
    const admin = await call('PATCH', `/members/${t.world.a.users.p1admin}`, 'admin', { leadCapacity: 2 });
    expect(admin.status).toBe(200);
    const held = (await call('GET', '/leads?owner=me&limit=100', 'p1admin')).body.items.filter((l: { poolId: string | null; state: string }) => l.poolId && ['new', 'following'].includes(l.state)).length;
    const results = [];
    for (const id of ids) results.push((await call('POST', `/leads/${id}/claim`, 'p1admin', {})).status);
    expect(results.filter((s) => s === 200)).toHaveLength(Math.max(0, 2 - held));
    await call('PATCH', `/members/${t.world.a.users.p1admin}`, 'admin', { leadCapacity: null });
  });
});

describe('200 concurrent claims against 50 leads', () => {
  const people: { token: string; userId: string; partnerId: string }[] = [];
  const partnerIds: string[] = [];
  let pool: { id: string };
  let ids: string[];

  beforeAll(async () => {
    // Four partners of five people; one partner's level allows only 6 leads, below the pool's 10 per partner.
    await inTenant(async () => {
      const bronze = await Level.create({ name: 'Bronze', rank: 9, weight: 10, leadLimit: 6, accountLimit: 5, maxDiscountPct: 0 });
      for (let p = 0; p < 4; p++) {
        const partner = await Partner.create({ name: `并发伙伴${p}`, levelId: p === 3 ? bronze._id : new Types.ObjectId(t.world.a.levels.gold), region: { province: '310000' } });
        partnerIds.push(partner._id.toHexString());
        for (let m = 0; m < 5; m++) {
          const user = await createAccount({ name: `并发成员${p}-${m}`, username: `race${p}m${m}`, role: 'partner_member', partnerId: partner._id, initialPassword: PASSWORD });
          people.push({ token: '', userId: user._id.toHexString(), partnerId: partner._id.toHexString() });
        }
      }
      await User.updateMany({ username: /^race/ }, { mustChangePassword: false });
    });
    for (const [i, person] of people.entries()) {
      const login = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: t.world.a.code, account: `race${Math.floor(i / 5)}m${i % 5}`, password: PASSWORD } });
      person.token = login.body.accessToken;
    }
    pool = await newPool({ members: { levelIds: [], provinces: [], partnerIds, staffIds: [] }, claim: { ...NO_RULES.claim, perPerson: 3, perPartner: 10 } });
    ids = await poolLeads(pool.id, 50);
  });

  it('never passes a limit, never gives a lead twice, and reaches exactly what the limits allow', async () => {
    const claim = (person: (typeof people)[number], leadId: string) => t.app.request('POST', `/api/v1/leads/${leadId}/claim`, { token: person.token, body: {} });
    // Every person fires ten claims at once, at leads spread so that each lead is wanted by four people.
    const storm = await Promise.all(people.flatMap((person, i) => Array.from({ length: 10 }, (_, k) => claim(person, ids[(i * 10 + k) % 50]).then((res) => ({ person, res })))));
    expect(storm).toHaveLength(200);
    const won = storm.filter(({ res }) => res.status === 200);
    const codes = new Set(storm.filter(({ res }) => res.status !== 200).map(({ res }) => `${res.status} ${res.body.code}`));
    expect([...codes].every((code) => ['409 lead.taken', '409 lead.person_limit', '409 lead.partner_limit'].includes(code))).toBe(true);
    expect(new Set(won.map(({ res }) => res.body.id)).size).toBe(won.length);

    // Then everyone keeps claiming one by one until nothing more is allowed: the total is what the limits allow.
    for (const person of people) for (const id of ids) await claim(person, id);
    const held = await inTenant(async () => Lead.find({ poolId: new Types.ObjectId(pool.id) }, { ownerId: 1, partnerId: 1, state: 1 }).lean());
    const byPerson = new Map<string, number>();
    const byPartner = new Map<string, number>();
    for (const lead of held.filter((l) => l.state === 'new')) {
      byPerson.set(String(lead.ownerId), (byPerson.get(String(lead.ownerId)) ?? 0) + 1);
      byPartner.set(String(lead.partnerId), (byPartner.get(String(lead.partnerId)) ?? 0) + 1);
    }
    expect(Math.max(...byPerson.values())).toBeLessThanOrEqual(3);
    expect(partnerIds.map((p) => byPartner.get(p) ?? 0)).toEqual([10, 10, 10, 6]);
    expect(held.filter((l) => l.state === 'pooled')).toHaveLength(50 - 36);

    // The counters agree with what is actually held.
    const counters = await inTenant(async () => Holding.find({ scope: pool.id }).lean());
    for (const counter of counters) {
      const actual = byPerson.get(String(counter.holderId)) ?? byPartner.get(String(counter.holderId)) ?? 0;
      expect({ holder: String(counter.holderId), count: counter.count }).toEqual({ holder: String(counter.holderId), count: actual });
    }
  }, 120_000);
});

describe('distribution and offers', () => {
  it('offers leads round-robin between member partners; an accepted lead is held by the acceptor', async () => {
    const pool = await newPool({ distribution: 'round_robin', members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1, t.world.a.partners.p2], staffIds: [] } });
    const ids = await poolLeads(pool.id, 4);
    const partners = await Promise.all(ids.map(async (id) => (await stateOf(id)).partnerId));
    expect(new Set([partners[0], partners[1]])).toEqual(new Set([t.world.a.partners.p1, t.world.a.partners.p2]));
    expect(partners[2]).toBe(partners[0]);
    expect(partners[3]).toBe(partners[1]);

    const forP2 = ids[partners.indexOf(t.world.a.partners.p2)];
    const offered = await call('GET', `/leads/${forP2}`, 'p2admin');
    expect(offered.body).toMatchObject({ state: 'offered', offeredUntil: expect.any(String), can: { accept: true } });
    const todo = (await call('GET', '/inbox/todos?state=open&kind=lead_offer&limit=100', 'p2admin')).body.items.find((i: { link: { params: { id: string } } }) => i.link.params.id === forP2);
    expect(todo).toBeDefined();
    const accepted = await call('POST', `/leads/${forP2}/accept`, 'p2admin', {});
    expect(accepted.body).toMatchObject({ state: 'new', ownerId: t.world.a.users.p2admin });
    expect((await call('GET', '/inbox/todos?state=open&kind=lead_offer&limit=100', 'p2admin')).body.items.some((i: { id: string }) => i.id === todo.id)).toBe(false);
  });

  it('passes a declined or expired offer to the next partner, and keeps it in the pool when nobody is left', async () => {
    const pool = await newPool({ distribution: 'round_robin', acceptHours: 1, members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1, t.world.a.partners.p2], staffIds: [] } });
    const [id] = await poolLeads(pool.id, 1);
    const first = (await stateOf(id)).partnerId;
    const [decliner, other] = first === t.world.a.partners.p1 ? (['p1admin', 'p2admin'] as const) : (['p2admin', 'p1admin'] as const);
    expect((await call('POST', `/leads/${id}/decline`, decliner, { reason: '不在服务区域' })).status).toBe(204);
    const second = await stateOf(id);
    expect(second.partnerId).not.toBe(first);
    expect(second.state).toBe('offered');
    // The second partner's partner never learns who declined it.
    const seen = (await call('GET', `/leads/${id}/events`, other)).body.items;
    expect(seen.map((e: { type: string }) => e.type)).toEqual(['offered']);

    await inTenant(async () => Lead.updateOne({ _id: new Types.ObjectId(id) }, { $set: { offeredUntil: new Date(Date.now() - 1000) } }));
    await sweepLeads(logger);
    expect(await stateOf(id)).toMatchObject({ state: 'pooled', partnerId: null });
  });

  it('weights partners by their level weight', async () => {
    const pool = await newPool({ distribution: 'weighted', members: { levelIds: [t.world.a.levels.gold, t.world.a.levels.silver], provinces: [], partnerIds: [], staffIds: [] } });
    const members = (await inTenant(async () => Partner.find({ levelId: { $in: [t.world.a.levels.gold, t.world.a.levels.silver].map((id) => new Types.ObjectId(id)) }, status: 'active' }).lean()));
    const weightOf = new Map(members.map((p) => [p._id.toHexString(), String(p.levelId) === t.world.a.levels.gold ? 60 : 40]));
    const total = [...weightOf.values()].reduce((a, b) => a + b, 0);
    // Leads are not accepted here, so partner limits stay far off; one full cycle of the weights.
    const ids = await poolLeads(pool.id, total);
    const counts = new Map<string, number>();
    for (const id of ids) {
      const partnerId = (await stateOf(id)).partnerId;
      counts.set(partnerId, (counts.get(partnerId) ?? 0) + 1);
    }
    for (const [partnerId, weight] of weightOf) expect({ partnerId, offers: counts.get(partnerId) ?? 0 }).toEqual({ partnerId, offers: weight });
  }, 60_000);

  it('offers by region: the nearest partner first, widening when nobody is near', async () => {
    const pool = await newPool({ distribution: 'region', members: { levelIds: [], provinces: [], partnerIds: [t.world.a.partners.p1, t.world.a.partners.p2], staffIds: [] } });
    const [zhejiang] = await poolLeads(pool.id, 1, { province: '330000', city: '330100' });
    expect((await stateOf(zhejiang)).partnerId).toBe(t.world.a.partners.p2);
    const [shanghai] = await poolLeads(pool.id, 1, { province: '310000' });
    expect((await stateOf(shanghai)).partnerId).toBe(t.world.a.partners.p1);
    const [beijing] = await poolLeads(pool.id, 1, { province: '110000' });
    expect([t.world.a.partners.p1, t.world.a.partners.p2]).toContain((await stateOf(beijing)).partnerId);
  });

  it('lets upstream assign to a person or a partner, and a partner admin among their members', async () => {
    const pool = await newPool();
    const [id] = await poolLeads(pool.id, 1);
    expect((await call('POST', `/leads/${id}/assign`, 'manager2', { partnerId: t.world.a.partners.p1 })).body.code).toBe('request.validation_failed');
    const offered = await call('POST', `/leads/${id}/assign`, 'manager1', { partnerId: t.world.a.partners.p1 });
    expect(offered.body).toMatchObject({ state: 'offered', partnerId: t.world.a.partners.p1 });
    const handed = await call('POST', `/leads/${id}/assign`, 'p1admin', { userId: t.world.a.users.p1member });
    expect(handed.body).toMatchObject({ state: 'new', ownerId: t.world.a.users.p1member });
    expect((await call('POST', `/leads/${id}/assign`, 'p1admin', { userId: t.world.a.users.p2admin })).status).toBe(400);
    expect((await call('POST', `/leads/${id}/assign`, 'p1member', { userId: t.world.a.users.p1admin })).status).toBe(403);
    const notices = (await call('GET', '/inbox/notices?limit=100', 'p1member')).body.items;
    expect(notices.some((n: { kind: string; link: { params: { id: string } } }) => n.kind === 'lead_assigned' && n.link.params.id === id)).toBe(true);
  });

  it('offers a held lead to another partner in one move: holder, co-followers and their to-dos let go', async () => {
    const pool = await newPool();
    const [id] = await poolLeads(pool.id, 1);
    await call('POST', `/leads/${id}/claim`, 'p1admin', {});
    await call('POST', `/leads/${id}/collaborators`, 'p1admin', { userId: t.world.a.users.p1member });
    await call('POST', `/leads/${id}/follow-ups`, 'p1admin', { kind: 'call', text: '约了下周', nextFollowUpAt: new Date(Date.now() + 1000).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sweepLeads(logger);
    const followUps = async () => (await call('GET', '/inbox/todos?state=open&kind=lead_follow_up&limit=100', 'p1admin')).body.items.filter((i: { link: { params: { id: string } } }) => i.link.params.id === id);
    expect(await followUps()).toHaveLength(1);

    const offered = await call('POST', `/leads/${id}/assign`, 'admin', { partnerId: t.world.a.partners.p2 });
    expect(offered.body).toMatchObject({ state: 'offered', partnerId: t.world.a.partners.p2, ownerId: null, collaborators: [], nextFollowUpAt: null });
    expect((await call('GET', `/leads/${id}`, 'p1member')).status).toBe(404);
    expect((await call('GET', `/leads/${id}`, 'p1admin')).status).toBe(404);
    expect(await followUps()).toHaveLength(0);
    // What partner 1 wrote stays with partner 1: partner 2 and its channel manager see none of it.
    for (const person of ['p2admin', 'manager2'] as const) {
      const texts = (await call('GET', `/leads/${id}/events`, person)).body.items.map((e: { text: string }) => e.text);
      expect({ person, texts }).toEqual({ person, texts: expect.not.arrayContaining(['约了下周']) });
    }
  });
});

describe('recycling', () => {
  it('reminds the holder, then takes the lead back with owner and collaborators cleared and the reason logged', async () => {
    const pool = await newPool({ recycle: { noFollowUpDays: 3, notConvertedDays: 30, remindDaysBefore: 3 } });
    const [id] = await poolLeads(pool.id, 1);
    const claimed = await call('POST', `/leads/${id}/claim`, 'p1admin', {});
    const recycleAt = new Date(claimed.body.recycleAt).getTime();
    expect(recycleAt - new Date(claimed.body.takenAt).getTime()).toBe(3 * 86_400_000);
    await call('POST', `/leads/${id}/collaborators`, 'p1admin', { userId: t.world.a.users.p1member });

    await sweepLeads(logger);
    await sweepLeads(logger);
    const reminders = (await call('GET', '/inbox/todos?state=open&kind=lead_recycle_soon&limit=100', 'p1admin')).body.items.filter((i: { link: { params: { id: string } } }) => i.link.params.id === id);
    expect(reminders).toHaveLength(1);

    // A follow-up moves the deadline on.
    const followed = await call('POST', `/leads/${id}/follow-ups`, 'p1admin', { kind: 'call', text: '电话沟通' });
    expect(new Date(followed.body.recycleAt).getTime()).toBeGreaterThan(recycleAt);

    await inTenant(async () => Lead.updateOne({ _id: new Types.ObjectId(id) }, { $set: { recycleAt: new Date(Date.now() - 1000) } }));
    await sweepLeads(logger);
    expect(await stateOf(id)).toMatchObject({ state: 'pooled', ownerId: null, partnerId: null, collaborators: [], reason: expect.stringContaining('自动收回') });
    expect((await call('GET', `/leads/${id}/events`, 'admin')).body.items[0]).toMatchObject({ type: 'recycled', actorId: null });
    expect((await call('GET', `/leads/${id}`, 'p1member')).status).toBe(404);
    // The holding was given back: the same person may claim again (no cool-down in this pool).
    expect((await call('POST', `/leads/${id}/claim`, 'p1admin', {})).status).toBe(200);
  });
});
