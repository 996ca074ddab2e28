import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { createLogger } from '../../server/core/logger';
import { lapseProtections, Opportunity } from '../../server/modules/opportunities';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const logger = createLogger('silent');
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);
const SHANGHAI = { province: '310000', city: '310100' };

const STAGES = [
  { key: 'qualify', name: '需求确认', probability: 10, tasks: [{ key: 'budget_known', kind: 'checklist', label: '确认预算' }, { key: 'amount', kind: 'field', label: '填写金额', field: 'amount' }] },
  { key: 'propose', name: '方案报价', probability: 40, tasks: [{ key: 'proposal', kind: 'attachment', label: '上传方案' }] },
  { key: 'negotiate', name: '商务谈判', probability: 70, tasks: [] },
  { key: 'sign', name: '签约', probability: 90, tasks: [] },
];

let serial = 0;
async function newAccount(person: Person) {
  serial += 1;
  const res = await call('POST', '/accounts', person, { name: `商机测试客户${serial}号实业有限公司`, region: SHANGHAI, acknowledgeDuplicates: true });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}
async function newOpportunity(person: Person, fields: Record<string, unknown> = {}) {
  const account = await newAccount(person);
  const res = await call('POST', '/opportunities', person, { accountId: account.id, name: `${account.name}自动化改造`, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

let processId: string;
beforeAll(async () => {
  const res = await call('POST', '/sales-processes', 'admin', { name: '标准销售流程', stages: STAGES, registrationDays: 60 });
  expect(res.status).toBe(201);
  processId = res.body.id;
});

describe('sales processes', () => {
  it('refuses a process that cannot be followed, with field errors', async () => {
    const bad = await call('POST', '/sales-processes', 'admin', {
      name: '坏流程',
      stages: [{ key: 'a', name: 'A', probability: 50, tasks: [{ key: 'f', kind: 'field', label: '缺字段' }] }, { key: 'a', name: 'B', probability: 20 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.stages.0.tasks.0.field', 'body.stages']));
    expect((await call('POST', '/sales-processes', 'p1admin', { name: 'x', stages: STAGES })).status).toBe(403);
  });

  it('keeps running opportunities on the version they started with', async () => {
    const running = await newOpportunity('p1member');
    expect(running.process).toMatchObject({ id: processId, version: 1 });
    const edited = await call('PUT', `/sales-processes/${processId}`, 'admin', { name: '标准销售流程', stages: [...STAGES.slice(0, 3), { key: 'sign', name: '合同签署', probability: 95, tasks: [] }], registrationDays: 60 });
    expect(edited.body.version).toBe(2);
    expect((await call('GET', `/opportunities/${running.id}`, 'p1member')).body.process.stages[3]).toMatchObject({ name: '签约', probability: 90 });
    expect((await newOpportunity('p1member')).process).toMatchObject({ version: 2, stages: expect.arrayContaining([expect.objectContaining({ name: '合同签署' })]) });
  });

  it("uses a process made for the partner's level over one for every level", async () => {
    const gold = await call('POST', '/sales-processes', 'admin', { name: '金牌伙伴流程', levelIds: [t.world.a.levels.gold], stages: STAGES.slice(1) });
    expect((await newOpportunity('p1member')).process.id).toBe(gold.body.id);
    expect((await newOpportunity('p2admin')).process.id).toBe(processId);
    await call('PUT', `/sales-processes/${gold.body.id}`, 'admin', { name: '金牌伙伴流程', levelIds: [t.world.a.levels.gold], stages: STAGES.slice(1), active: false });
  });
});

describe('filing and protection', () => {
  beforeAll(async () => {
    const flow = await call('POST', '/approval-flows', 'admin', { kind: 'opportunity_filing', name: '商机报备', steps: [{ name: '渠道经理', approvers: [{ type: 'channel_manager' }] }] });
    expect(flow.status).toBe(201);
  });
  afterAll(async () => {
    const flows = (await call('GET', '/approval-flows', 'admin')).body as { id: string; kind: string }[];
    for (const flow of flows.filter((f) => f.kind === 'opportunity_filing')) await call('DELETE', `/approval-flows/${flow.id}`, 'admin');
  });

  it('holds a filing until approved: it cannot advance; approved, it is protected until its registration ends', async () => {
    const opp = await newOpportunity('p1member', { amount: 50_000_00 });
    expect(opp).toMatchObject({ state: 'filing', approvalId: expect.any(String), protected: false });
    expect((await call('POST', `/opportunities/${opp.id}/stage`, 'p1member', { stage: 'propose' })).body.code).toBe('state.illegal_transition');
    await call('POST', `/approvals/${opp.approvalId}/approve`, 'manager1', {});
    const open = (await call('GET', `/opportunities/${opp.id}`, 'p1member')).body;
    expect(open).toMatchObject({ state: 'open', protected: true });
    const days = (new Date(open.protectedUntil).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThanOrEqual(60);
  });

  it('closes a rejected filing', async () => {
    const opp = await newOpportunity('p1member');
    await call('POST', `/approvals/${opp.approvalId}/reject`, 'manager1', { comment: '重复报备' });
    expect((await call('GET', `/opportunities/${opp.id}`, 'p1member')).body).toMatchObject({ state: 'rejected', reason: '重复报备' });
  });

  it("stops another partner's filing on a customer protected for the first", async () => {
    const opp = await newOpportunity('p1member');
    await call('POST', `/approvals/${opp.approvalId}/approve`, 'manager1', {});
    // The customer passes to partner 2 (an upstream decision); partner 1's registration still protects the deal.
    expect((await call('POST', `/accounts/${opp.accountId}/assign`, 'admin', { userId: t.world.a.users.p2admin })).status).toBe(200);
    const blocked = await call('POST', '/opportunities', 'p2admin', { accountId: opp.accountId, name: '抢单' });
    expect(blocked.body.code).toBe('opportunity.protected');
    expect(JSON.stringify(blocked.body)).not.toContain(opp.id);
  });
});

describe('expiry and extension', () => {
  it('tells the owner and the channel manager once when protection lapses, and the manager extends it', async () => {
    const opp = await newOpportunity('p1member');
    expect(opp.protected).toBe(true);
    await inTenant(async () => await Opportunity.updateOne({ _id: new Types.ObjectId(opp.id) }, { $set: { protectedUntil: new Date(Date.now() - 1000) } }));
    await lapseProtections(logger);
    await lapseProtections(logger);
    const told = async (person: Person) => (await call('GET', '/inbox/notices?limit=100', person)).body.items.filter((n: { kind: string; link: { params: { id: string } } }) => n.kind === 'opportunity_lapsed' && n.link.params.id === opp.id);
    expect(await told('p1member')).toHaveLength(1);
    expect(await told('manager1')).toHaveLength(1);
    expect((await call('GET', `/opportunities/${opp.id}`, 'p1member')).body.protected).toBe(false);

    expect((await call('POST', `/opportunities/${opp.id}/extend`, 'p1admin', { days: 30 })).status).toBe(403);
    expect((await call('POST', `/opportunities/${opp.id}/extend`, 'manager2', { days: 30 })).status).toBe(404);
    const extended = await call('POST', `/opportunities/${opp.id}/extend`, 'manager1', { days: 30 });
    expect(extended.body.protected).toBe(true);
    const events = (await call('GET', `/opportunities/${opp.id}/events`, 'p1member')).body.items.map((e: { type: string }) => e.type);
    expect(events.slice(0, 2)).toEqual(['protection_extended', 'protection_lapsed']);
  });
});

describe('stage gating', () => {
  it('advances only with the stage tasks done, one stage at a time; back needs a reason; win closes it', async () => {
    const opp = await newOpportunity('p2admin');
    const stage = (to: string, reason?: string) => call('POST', `/opportunities/${opp.id}/stage`, 'p2admin', { stage: to, ...(reason ? { reason } : {}) });
    const undone = await stage('propose');
    expect(undone.body).toMatchObject({ code: 'opportunity.tasks_undone', detail: '确认预算、填写金额' });
    expect((await call('PUT', `/opportunities/${opp.id}/tasks/budget_known`, 'p2admin', { done: true })).body.tasksDone).toEqual({ qualify: ['budget_known'] });
    expect((await call('PUT', `/opportunities/${opp.id}/tasks/amount`, 'p2admin', { done: true })).status).toBe(400);
    await call('PATCH', `/opportunities/${opp.id}`, 'p2admin', { amount: 120_000_00, expectedCloseDate: '2027-03-15' });
    expect((await stage('negotiate')).body.code).toBe('opportunity.stage_skip');
    expect((await stage('propose')).body).toMatchObject({ stage: 'propose', stageIndex: 1, probability: 40 });

    // An attachment task is done by attaching for it.
    expect((await stage('negotiate')).body.detail).toBe('上传方案');
    const upload = await t.app.request('POST', `/api/v1/opportunities/${opp.id}/attachments?taskKey=proposal&filename=${encodeURIComponent('方案.pdf')}`, {
      token: await t.world.token('a', 'p2admin'), raw: Buffer.from('%PDF-1.4 proposal'), headers: { 'content-type': 'application/pdf' },
    });
    expect(upload.status).toBe(201);
    const file = upload.body.attachments[0];
    expect(file).toMatchObject({ filename: '方案.pdf', taskKey: 'propose.proposal' });
    const got = await t.app.request('GET', `/api/v1/opportunities/${opp.id}/attachments/${file.id}`, { token: await t.world.token('a', 'p2admin') });
    expect(got.status).toBe(200);
    expect((await t.app.request('GET', `/api/v1/opportunities/${opp.id}/attachments/${file.id}`, { token: await t.world.token('a', 'p1admin') })).status).toBe(404);
    expect((await stage('negotiate')).body.stageIndex).toBe(2);

    expect((await stage('qualify')).body.code).toBe('opportunity.reason_required');
    expect((await stage('propose', '客户要求重新报价')).body.stageIndex).toBe(1);
    const won = await call('POST', `/opportunities/${opp.id}/close`, 'p2admin', { outcome: 'won', reason: '技术方案领先', amount: 118_000_00, closeDate: '2027-02-28' });
    expect(won.body).toMatchObject({ state: 'won', amount: 118_000_00, closeDate: '2027-02-28', can: { advance: false, close: false } });
    expect((await stage('sign')).body.code).toBe('state.illegal_transition');
  });
});

describe('visibility', () => {
  it("never shows a partner another partner's opportunities, and a channel manager only their partners'", async () => {
    const mine = await newOpportunity('p1member');
    for (const [person, status] of [['p1member', 200], ['p1admin', 200], ['manager1', 200], ['admin', 200], ['p2admin', 404], ['manager2', 404]] as const) {
      expect((await call('GET', `/opportunities/${mine.id}`, person)).status).toBe(status);
    }
    expect((await call('GET', '/opportunities?limit=100', 'p2admin')).body.items.every((o: { partnerId: string }) => o.partnerId === t.world.a.partners.p2)).toBe(true);
    expect((await call('GET', '/opportunities?limit=100', 'manager2')).body.items.every((o: { partnerId: string }) => o.partnerId === t.world.a.partners.p2)).toBe(true);
    expect((await call('POST', '/opportunities', 'p2admin', { accountId: mine.accountId, name: '别人的客户' })).body.errors[0].path).toBe('body.accountId');
    expect((await call('GET', '/opportunities/stats', 'p1admin')).status).toBe(403);
  });
});

describe('upstream views', () => {
  it('answers the funnel, win rate and amount by stage, and the weighted forecast by month', async () => {
    // A process of its own, so the figures are exactly these four opportunities.
    const process = await call('POST', '/sales-processes', 'admin', { name: '统计流程', levelIds: [t.world.a.levels.silver], stages: STAGES.map((s) => ({ ...s, tasks: [] })) });
    const make = async (amount: number, month: string) => newOpportunity('p2admin', { amount, expectedCloseDate: `${month}-10` });
    const [a, b, c, d] = [await make(100_00, '2027-01'), await make(200_00, '2027-01'), await make(300_00, '2027-02'), await make(400_00, '2027-02')];
    const to = (id: string, stage: string) => call('POST', `/opportunities/${id}/stage`, 'p2admin', { stage });
    await to(b.id, 'propose');
    await to(c.id, 'propose');
    await to(c.id, 'negotiate');
    await to(d.id, 'propose');
    await call('POST', `/opportunities/${d.id}/close`, 'p2admin', { outcome: 'lost', reason: '价格', amount: 400_00, closeDate: '2027-01-20' });
    await call('POST', `/opportunities/${a.id}/close`, 'p2admin', { outcome: 'won', reason: '关系', amount: 100_00, closeDate: '2027-01-05' });

    const stats = (await call('GET', `/opportunities/stats?processId=${process.body.id}`, 'manager2')).body;
    expect(stats.stages.map((s: { key: string; reached: number; open: number; openAmount: number; winRate: number | null }) => [s.key, s.reached, s.open, s.openAmount, s.winRate])).toEqual([
      ['qualify', 4, 0, 0, 0.5],
      ['propose', 4, 1, 200_00, 0.5],
      ['negotiate', 2, 1, 300_00, 1],
      ['sign', 1, 0, 0, 1],
    ]);
    expect(stats.forecast).toEqual([
      { month: '2027-01', amount: 200_00, weighted: 80_00, count: 1 },
      { month: '2027-02', amount: 300_00, weighted: 210_00, count: 1 },
    ]);
    expect(stats.totals).toEqual({ open: 2, won: 1, lost: 1, openAmount: 500_00, wonAmount: 100_00 });
    // Manager 1 does not manage partner 2: none of it.
    expect((await call('GET', `/opportunities/stats?processId=${process.body.id}`, 'manager1')).body.totals).toEqual({ open: 0, won: 0, lost: 0, openAmount: 0, wonAmount: 0 });
    const list = (await call('GET', `/opportunities?stage=propose&partnerId=${t.world.a.partners.p2}&levelId=${t.world.a.levels.silver}`, 'admin')).body.items;
    expect(list.map((o: { id: string }) => o.id)).toContain(b.id);
  });
});

describe('from a converted lead', () => {
  it('follows a converted lead up as an opportunity on its account, once, and links it from the lead', async () => {
    const lead = (await call('POST', '/leads', 'p1member', { company: '线索转商机测试机电有限公司', contactName: '孙工', region: SHANGHAI })).body;
    const converted = (await call('POST', `/leads/${lead.id}/convert`, 'p1member', {})).body;
    const accountId = converted.conversion.accountId;
    const other = await newAccount('p1member');
    expect((await call('POST', '/opportunities', 'p1member', { accountId: other.id, leadId: lead.id, name: '错配' })).body.errors[0].path).toBe('body.leadId');
    const opp = await call('POST', '/opportunities', 'p1member', { accountId, leadId: lead.id, name: '线索带来的商机' });
    expect(opp.status).toBe(201);
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).body.conversion).toMatchObject({ accountId, opportunityId: opp.body.id });
    expect((await call('POST', '/opportunities', 'p1member', { accountId, leadId: lead.id, name: '再来一次' })).status).toBe(400);
  });
});
