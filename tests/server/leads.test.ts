import { runAsSystem } from '../../server/core/context';
import { createLogger } from '../../server/core/logger';
import { Lead, sweepLeads } from '../../server/modules/leads';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const logger = createLogger('silent');

const call = async (method: string, path: string, person: Person, body?: unknown, tenant: 'a' | 'b' = 'a') =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token(tenant, person), body });

const SHANGHAI = { province: '310000', city: '310100', district: '310104' };
let serial = 0;
/** A lead with a company and phone nobody else in the file uses. */
async function newLead(person: Person, fields: Record<string, unknown> = {}) {
  serial += 1;
  const res = await call('POST', '/leads', person, { company: `测试线索${serial}科技有限公司`, phone: `1390000${String(serial).padStart(4, '0')}`, region: SHANGHAI, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

describe('capture and the duplicate check', () => {
  it('reports a lead held by the reporter, normalising what the duplicate check compares', async () => {
    const res = await call('POST', '/leads', 'p1member', {
      company: '字节跳动（北京）科技有限公司', contactName: '张三', phone: '+86 138-0013-8000', region: { province: '110000' }, notes: '展会认识',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'new', source: 'partner_report', ownerId: t.world.a.users.p1member, partnerId: t.world.a.partners.p1, partnerName: 'Partner One', can: { followUp: true, convert: true, release: false } });
  });

  it('tells another partner only that the company is taken elsewhere, never by whom', async () => {
    const res = await call('POST', '/leads', 'p2admin', { company: '北京字节跳动科技有限公司', region: { province: '110000' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'lead.duplicate', duplicates: [{ holder: 'other_partner', matchedOn: ['company'], recordId: null }] });
    const text = JSON.stringify(res.body);
    for (const secret of ['Partner One', 'p1member', t.world.a.users.p1member, t.world.a.partners.p1, '张三']) expect(text).not.toContain(secret);

    const byPhone = await call('GET', `/leads/duplicates?phone=${encodeURIComponent('0086 13800138000')}`, 'p2admin');
    expect(byPhone.body.duplicates).toEqual([{ holder: 'other_partner', matchedOn: ['phone'], recordId: null }]);
  });

  it('tells a colleague at the same partner, who may open it, where it is', async () => {
    const res = await call('GET', `/leads/duplicates?company=${encodeURIComponent('字节跳动科技股份有限公司')}`, 'p1admin');
    expect(res.body.duplicates).toEqual([{ holder: 'own_partner', matchedOn: ['company'], recordId: expect.any(String) }]);
    expect((await call('GET', `/leads/${res.body.duplicates[0].recordId}`, 'p1admin')).status).toBe(200);
  });

  it('lets exactly one of two partners reporting the same company at once succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const body = { company: `并发报备${round}有限公司`, region: { province: '310000' } };
      const [a, b] = await Promise.all([call('POST', '/leads', 'p1member', body), call('POST', '/leads', 'p2admin', body)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((a.status === 409 ? a : b).body.code).toBe('lead.duplicate');
    }
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = (await call('GET', '/leads?limit=100', 'p1member')).body.items.length;
    const bad = await call('POST', '/leads', 'p1member', { phone: '12345', region: { province: '310000', city: '110100' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.company', 'body.phone', 'body.region.city']);
    expect((await call('POST', '/leads', 'p1member', { company: '   ', region: { province: '310000' } })).status).toBe(400);
    expect((await call('GET', '/leads?limit=100', 'p1member')).body.items.length).toBe(before);
  });

  it('treats search text literally: operators and catastrophic patterns are only text', async () => {
    const lead = await newLead('p1member', { company: '正则(a+)+$科技有限公司' });
    for (const q of ['(a+)+$', '.*', '(a|aa)+$', '[', '\\']) {
      const res = await call('GET', `/leads?q=${encodeURIComponent(q)}`, 'p1member');
      expect(res.status).toBe(200);
      expect(res.body.items.every((item: { company: string; phone: string }) => item.company.includes(q) || (item.phone ?? '').includes(q))).toBe(true);
    }
    expect((await call('GET', `/leads?q=${encodeURIComponent('(a+)+$')}`, 'p1member')).body.items.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    const injected = await call('GET', '/leads?q[$gt]=', 'p1member');
    expect(injected.body.errors[0]).toMatchObject({ path: 'query.q[$gt]', code: 'unrecognized_keys' });
    const twice = await call('GET', '/leads?q=a&q=b', 'p1member');
    expect(twice.body.errors[0]).toMatchObject({ path: 'query.q', code: 'invalid_type' });
  });
});

describe('visibility', () => {
  let lead: { id: string };
  beforeAll(async () => {
    lead = await newLead('p1member');
  });

  it.each([
    ['p1member', 200], ['p1admin', 200], ['manager1', 200], ['admin', 200], ['p2admin', 404], ['manager2', 404],
  ] as [Person, number][])('%s → %i', async (person, status) => {
    expect((await call('GET', `/leads/${lead.id}`, person)).status).toBe(status);
  });

  it('is invisible to the other tenant', async () => {
    expect((await call('GET', `/leads/${lead.id}`, 'admin', undefined, 'b')).status).toBe(404);
  });

  it('lists by owner, state and text, a page at a time', async () => {
    for (let i = 0; i < 3; i++) await newLead('p1admin');
    const mine = await call('GET', '/leads?owner=me&limit=2', 'p1admin');
    expect(mine.body.items).toHaveLength(2);
    const next = await call('GET', `/leads?owner=me&limit=2&cursor=${mine.body.nextCursor}`, 'p1admin');
    expect(next.body.items.length).toBeGreaterThanOrEqual(1);
    expect(new Set([...mine.body.items, ...next.body.items].map((l: { id: string }) => l.id)).size).toBe(mine.body.items.length + next.body.items.length);
    expect(mine.body.items.every((l: { ownerId: string }) => l.ownerId === t.world.a.users.p1admin)).toBe(true);
    const company = await call('GET', `/leads?q=${encodeURIComponent(mine.body.items[0].company)}`, 'p1admin');
    expect(company.body.items.map((l: { id: string }) => l.id)).toEqual([mine.body.items[0].id]);
  });
});

describe('working a lead', () => {
  it('records follow-ups (a visit with its position), moves to following, and raises the planned follow-up when due', async () => {
    const lead = await newLead('p1member');
    const next = new Date(Date.now() + 1500).toISOString();
    const visit = await call('POST', `/leads/${lead.id}/follow-ups`, 'p1member', {
      kind: 'visit', text: '上门拜访，客户有采购意向', nextFollowUpAt: next, position: { latitude: 31.2304, longitude: 121.4737, accuracy: 30 },
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ state: 'following', nextFollowUpAt: next });
    const events = (await call('GET', `/leads/${lead.id}/events`, 'p1member')).body.items;
    expect(events[0]).toMatchObject({ type: 'follow_up', kind: 'visit', position: { latitude: 31.2304, longitude: 121.4737, accuracy: 30 }, actorName: 'p1member' });

    const first = await call('GET', `/leads/${lead.id}/events?limit=1`, 'p1member');
    expect(first.body.items.map((e: { type: string }) => e.type)).toEqual(['follow_up']);
    const older = await call('GET', `/leads/${lead.id}/events?limit=1&cursor=${first.body.nextCursor}`, 'p1member');
    expect(older.body).toMatchObject({ items: [{ type: 'created' }], nextCursor: null });
    expect((await call('GET', `/leads/${lead.id}/events?cursor=not-a-cursor`, 'p1member')).body.code).toBe('request.invalid_cursor');

    const past = await call('POST', `/leads/${lead.id}/follow-ups`, 'p1member', { kind: 'call', text: 'x', nextFollowUpAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);

    await new Promise((resolve) => setTimeout(resolve, 1600));
    await sweepLeads(logger);
    await sweepLeads(logger); // a second sweep (another server) raises nothing twice
    const todos = async () => (await call('GET', '/inbox/todos?state=open&kind=lead_follow_up&limit=100', 'p1member')).body.items.filter((i: { link: { params: { id: string } } }) => i.link.params.id === lead.id);
    expect(await todos()).toHaveLength(1);
    await call('POST', `/leads/${lead.id}/follow-ups`, 'p1member', { kind: 'wechat', text: '微信沟通报价' });
    expect(await todos()).toHaveLength(0);
  });

  it('adds a colleague from the same partner who then sees and follows the lead', async () => {
    const lead = await newLead('p1admin');
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).status).toBe(404);
    const other = await call('POST', `/leads/${lead.id}/collaborators`, 'p1admin', { userId: t.world.a.users.p2admin });
    expect(other.status).toBe(400);
    const added = await call('POST', `/leads/${lead.id}/collaborators`, 'p1admin', { userId: t.world.a.users.p1member });
    expect(added.body.collaborators).toEqual([{ id: t.world.a.users.p1member, name: 'p1member' }]);
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).body.can).toMatchObject({ followUp: true, convert: false, collaborate: false });
    expect((await call('POST', `/leads/${lead.id}/follow-ups`, 'p1member', { kind: 'call', text: '协同跟进' })).status).toBe(201);
    expect((await call('POST', `/leads/${lead.id}/convert`, 'p1member', {})).status).toBe(403);
    const notices = (await call('GET', '/inbox/notices?limit=100', 'p1member')).body.items;
    expect(notices.some((n: { kind: string; link: { params: { id: string } } }) => n.kind === 'lead_collaborator' && n.link.params.id === lead.id)).toBe(true);
    await call('DELETE', `/leads/${lead.id}/collaborators/${t.world.a.users.p1member}`, 'p1admin');
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).status).toBe(404);
  });

  it('converts, and closes as invalid with a reason, which frees the company for others', async () => {
    const converted = await newLead('p1member');
    const done = await call('POST', `/leads/${converted.id}/convert`, 'p1member', {});
    expect(done.body).toMatchObject({ state: 'converted', conversion: { accountId: expect.any(String), at: expect.any(String) }, can: { followUp: false } });
    // The company became the converter's account, with the lead's contact.
    const account = await call('GET', `/accounts/${done.body.conversion.accountId}`, 'p1member');
    expect(account.body).toMatchObject({ name: converted.company, phone: converted.phone, source: 'lead', ownerId: t.world.a.users.p1member });
    expect((await call('POST', `/leads/${converted.id}/follow-ups`, 'p1member', { kind: 'call', text: 'x' })).body.code).toBe('state.illegal_transition');
    expect((await call('POST', '/leads', 'p2admin', { company: converted.company, region: SHANGHAI })).status).toBe(409);

    const wrong = await newLead('p1member');
    expect((await call('POST', `/leads/${wrong.id}/invalidate`, 'p1member', {})).status).toBe(400);
    const closed = await call('POST', `/leads/${wrong.id}/invalidate`, 'p1member', { reason: '空号，公司已注销' });
    expect(closed.body).toMatchObject({ state: 'invalid', reason: '空号，公司已注销' });
    expect((await call('POST', '/leads', 'p2admin', { company: wrong.company, phone: wrong.phone, region: SHANGHAI })).status).toBe(201);
  });

  it('edits only by its holder, and an edit is duplicate-checked too', async () => {
    const lead = await newLead('p1member');
    const other = await newLead('p1member');
    expect((await call('PATCH', `/leads/${lead.id}`, 'p1member', { notes: '预算 50 万' })).body.notes).toBe('预算 50 万');
    const clash = await call('PATCH', `/leads/${lead.id}`, 'p1member', { company: other.company });
    expect(clash.body).toMatchObject({ code: 'lead.duplicate', duplicates: [{ holder: 'self', recordId: other.id }] });
    const renamed = await call('PATCH', `/leads/${lead.id}`, 'p1member', { company: '改名后的新公司' });
    expect(renamed.status).toBe(200);
    // The old name is free again, the new one taken.
    expect((await call('GET', `/leads/duplicates?company=${encodeURIComponent(lead.company)}`, 'p2admin')).body.duplicates).toEqual([]);
    expect((await call('GET', `/leads/duplicates?company=${encodeURIComponent('改名后的新公司')}`, 'p2admin')).body.duplicates).toHaveLength(1);
    expect((await call('PATCH', `/leads/${lead.id}`, 'manager1', { notes: 'x' })).status).toBe(403);
  });
});

describe('the lead-report approval', () => {
  beforeAll(async () => {
    const flow = await call('POST', '/approval-flows', 'admin', { kind: 'lead_report', name: '线索报备审批', steps: [{ name: '渠道经理', approvers: [{ type: 'channel_manager' }] }] });
    expect(flow.status).toBe(201);
  });
  afterAll(async () => {
    const flows = (await call('GET', '/approval-flows', 'admin')).body as { id: string; kind: string }[];
    for (const flow of flows.filter((f) => f.kind === 'lead_report')) await call('DELETE', `/approval-flows/${flow.id}`, 'admin');
  });

  it('holds a partner report until the channel manager approves it', async () => {
    const lead = await newLead('p1member');
    expect(lead).toMatchObject({ state: 'reporting', approvalId: expect.any(String), can: { followUp: false } });
    // What the approver decides on cannot change under them; the notes can.
    expect((await call('PATCH', `/leads/${lead.id}`, 'p1member', { company: '换了个公司' })).body.code).toBe('state.illegal_transition');
    expect((await call('PATCH', `/leads/${lead.id}`, 'p1member', { notes: '补充说明' })).status).toBe(200);
    const approved = await call('POST', `/approvals/${lead.approvalId}/approve`, 'manager1', { comment: '同意报备' });
    expect(approved.body.state).toBe('approved');
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).body.state).toBe('new');
  });

  it('closes a rejected report as invalid and frees the company', async () => {
    const lead = await newLead('p1member');
    await call('POST', `/approvals/${lead.approvalId}/reject`, 'manager1', { comment: '该客户为直销客户' });
    expect((await call('GET', `/leads/${lead.id}`, 'p1member')).body).toMatchObject({ state: 'invalid', reason: '该客户为直销客户' });
    const events = (await call('GET', `/leads/${lead.id}/events`, 'p1member')).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(['report_rejected', 'reported']);
    expect((await call('GET', `/leads/duplicates?company=${encodeURIComponent(lead.company)}`, 'p2admin')).body.duplicates).toEqual([]);
  });

  it('does not apply to leads upstream staff enter', async () => {
    expect((await newLead('manager1')).state).toBe('new');
  });
});

describe('stored state', () => {
  it('keeps normalised keys beside the text as entered', async () => {
    const stored = await runAsSystem(t.world.a.tenantId, async () => Lead.findOne({ company: '字节跳动（北京）科技有限公司' }).lean());
    expect(stored).toMatchObject({ companyKey: '字节跳动科技', phone: '+86 138-0013-8000', phoneKey: '13800138000' });
  });
});

describe('conversion into accounts', () => {
  it("links an account the converter sees, and stops at another partner's customer without converting", async () => {
    const lead = await newLead('p1member', { contactName: '马工' });
    const existing = await call('POST', '/accounts', 'p1member', { name: `${lead.company}（上海）`, region: SHANGHAI, acknowledgeDuplicates: true });
    expect((await call('POST', `/leads/${lead.id}/convert`, 'p1member', { accountId: '0'.repeat(24) })).body.errors[0].path).toBe('body.accountId');
    const linked = await call('POST', `/leads/${lead.id}/convert`, 'p1member', { accountId: existing.body.id });
    expect(linked.body.conversion).toMatchObject({ accountId: existing.body.id, contactId: expect.any(String) });
    expect((await call('GET', `/accounts/${existing.body.id}`, 'p1member')).body.contacts.map((c: { name: string }) => c.name)).toEqual(['马工']);

    const taken = await newLead('p1member', { company: '转化冲突测试机电有限公司' });
    expect((await call('POST', '/accounts', 'p2admin', { name: '转化冲突测试机电有限公司', region: SHANGHAI })).status).toBe(201);
    const refused = await call('POST', `/leads/${taken.id}/convert`, 'p1member', {});
    expect(refused.body).toMatchObject({ code: 'account.duplicate', duplicates: [{ holder: 'other_partner', recordId: null }] });
    expect((await call('GET', `/leads/${taken.id}`, 'p1member')).body.state).toBe('new');
  });
});
