import { readFileSync } from 'node:fs';
import { creditCodeCheckChar } from '../../types/credit-code';
import type { RegistryCompany } from '../../types/accounts';
import { REGISTRY_FILE } from '../../tools/generate-registry';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });

const registry = JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')) as RegistryCompany[];
const SHANGHAI = { province: '310000', city: '310100', district: '310104' };
/** A well-formed unified social credit code for a serial number (its check character computed per GB 32100-2015). */
const codeFor = (n: number) => {
  const first17 = `91310000${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};
let serial = 0;
async function newAccount(person: Person, fields: Record<string, unknown> = {}) {
  serial += 1;
  const res = await call('POST', '/accounts', person, { name: `测试客户${serial}号机电有限公司`, creditCode: codeFor(serial), region: SHANGHAI, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

const DEFAULT_RULES = [
  { name: '统一社会信用代码相同', conditions: [{ field: 'creditCode', match: 'exact' }], outcome: 'block' },
  { name: '公司名称相同', conditions: [{ field: 'name', match: 'exact' }], outcome: 'block' },
  { name: '公司名称相似', conditions: [{ field: 'name', match: 'fuzzy', threshold: 0.8 }], outcome: 'warn' },
  { name: '电话相同', conditions: [{ field: 'phone', match: 'exact' }], outcome: 'warn' },
];

describe('creating an account', () => {
  it('checks the credit code, folding how people type it, and records what the registry says', async () => {
    const company = registry.find((c) => c.status === 'cancelled')!;
    const spaced = `${company.creditCode.slice(0, 6)} ${company.creditCode.slice(6).toLowerCase()}`;
    const res = await call('POST', '/accounts', 'p1member', {
      name: company.legalName, creditCode: spaced, phone: '021-6888 0001', region: { province: company.division.slice(0, 2) + '0000' }, customerLevel: 'key',
      contacts: [{ name: '王经理', title: '采购部', phone: '13900001111' }, { name: '李工', primary: true }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      creditCode: company.creditCode, registryStatus: 'cancelled', state: 'active', protected: true, partnerId: t.world.a.partners.p1, ownerId: t.world.a.users.p1member,
      customerLevel: 'key', source: 'partner_report',
    });
    expect(res.body.contacts.map((c: { name: string; primary: boolean }) => [c.name, c.primary])).toEqual([['李工', true], ['王经理', false]]);
  });

  it('refuses a code whose check character is wrong, and other bad input, with field errors and nothing written', async () => {
    const good = codeFor(990001);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = (await call('GET', '/accounts?limit=100', 'p1member')).body.items.length;
    for (const creditCode of [wrongCheck, '91310000123', 'I1310000000000001X', '']) {
      const res = await call('POST', '/accounts', 'p1member', { name: '校验码错误有限公司', creditCode, region: SHANGHAI });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.creditCode']);
    }
    const bad = await call('POST', '/accounts', 'p1member', { name: 'x', phone: '123', region: { province: '310000', city: '110100' }, customerLevel: 'vip', contacts: [{ name: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.contacts.0.name', 'body.customerLevel', 'body.name', 'body.phone', 'body.region.city']);
    expect((await call('POST', '/accounts', 'p1member', { name: '公海客户有限公司', region: SHANGHAI, poolId: '0'.repeat(24) })).status).toBe(400);
    expect((await call('GET', '/accounts?limit=100', 'p1member')).body.items.length).toBe(before);
  });

  it('autocompletes from the registry by name (any way of writing it) or by code', async () => {
    const company = registry[1];
    const byName = await call('GET', `/accounts/registry?q=${encodeURIComponent(company.legalName.slice(0, 2))}`, 'p1member');
    expect(byName.status).toBe(200);
    expect(byName.body.companies.length).toBeGreaterThan(0);
    expect(byName.body.companies.length).toBeLessThanOrEqual(10);
    const byCode = await call('GET', `/accounts/registry?q=${company.creditCode.toLowerCase()}`, 'p1member');
    expect(byCode.body.companies).toEqual([company]);
    expect((await call('GET', '/accounts/registry?q=a', 'p1member')).status).toBe(400);
  });
});

describe('the duplicate check', () => {
  let held: { id: string };
  beforeAll(async () => {
    held = await newAccount('p1member', { name: '字节跳动（北京）科技有限公司', creditCode: codeFor(500001), phone: '13800138000', region: { province: '110000' } });
  });

  it('blocks another partner with masked feedback: never the partner, the owner or the id', async () => {
    const res = await call('POST', '/accounts', 'p2admin', { name: '北京字节跳动科技有限公司', region: { province: '110000' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'account.duplicate' });
    expect(res.body.duplicates).toEqual([
      { holder: 'other_partner', matchedOn: ['name'], rule: '公司名称相同', outcome: 'block', score: 1, recordId: null, preview: { name: '字*****有限公司', region: { province: '110000' }, reportedAt: expect.any(String) }, disputable: true },
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['Partner One', 'p1member', held.id, t.world.a.users.p1member, t.world.a.partners.p1, '13800138000', codeFor(500001)]) expect(text).not.toContain(secret);
    // A merely similar name of another partner's customer is a warning, not a block: similar names are often other companies.
    const similar = await call('GET', `/accounts/duplicates?name=${encodeURIComponent('字节跳动科技发展有限公司')}`, 'p2admin');
    expect(similar.body.duplicates).toEqual([expect.objectContaining({ holder: 'other_partner', outcome: 'warn', disputable: false })]);
    const byCode = await call('GET', `/accounts/duplicates?creditCode=${codeFor(500001)}`, 'p2admin');
    expect(byCode.body.duplicates[0]).toMatchObject({ matchedOn: ['creditCode'], outcome: 'block', recordId: null });
  });

  it('tells a colleague who may open it where it is', async () => {
    const res = await call('GET', `/accounts/duplicates?name=${encodeURIComponent('字节跳动科技股份有限公司')}`, 'p1admin');
    expect(res.body.duplicates).toEqual([expect.objectContaining({ holder: 'own_partner', recordId: held.id, preview: expect.objectContaining({ name: '字节跳动（北京）科技有限公司' }) })]);
  });

  it('warns of a similar name and goes ahead once the reporter confirms', async () => {
    const body = { name: '字节跳动科技发展有限公司', region: { province: '110000' } };
    const warned = await call('POST', '/accounts', 'p1member', body);
    expect(warned.status).toBe(409);
    expect(warned.body).toMatchObject({ code: 'account.possible_duplicate', duplicates: [{ holder: 'self', outcome: 'warn', rule: '公司名称相似', recordId: held.id }] });
    expect(warned.body.duplicates[0].score).toBeGreaterThanOrEqual(0.8);
    expect((await call('POST', '/accounts', 'p1member', { ...body, acknowledgeDuplicates: true })).status).toBe(201);
  });

  it('lets exactly one of two partners reporting the same company at once succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const body = { name: `并发报备${round}号贸易有限公司`, region: SHANGHAI };
      const [a, b] = await Promise.all([call('POST', '/accounts', 'p1member', body), call('POST', '/accounts', 'p2admin', body)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((a.status === 409 ? a : b).body.code).toBe('account.duplicate');
    }
  });

  it('follows the rules the upstream sets: AND of fuzzy name and phone, what reporters see', async () => {
    const invalid = await call('PUT', '/account-settings', 'admin', {
      duplicateRules: [{ name: '代码模糊', conditions: [{ field: 'creditCode', match: 'fuzzy' }], outcome: 'block' }], visibleFields: [], protectionDays: null, wonCounts: true,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].path).toBe('body.duplicateRules.0.conditions.0.match');
    expect((await call('PUT', '/account-settings', 'p1admin', { duplicateRules: [], visibleFields: [], protectionDays: null, wonCounts: true })).status).toBe(403);

    const rules = {
      duplicateRules: [{ name: '名称相似且电话相同', conditions: [{ field: 'name', match: 'fuzzy', threshold: 0.7 }, { field: 'phone', match: 'exact' }], combine: 'and', outcome: 'block' }],
      visibleFields: ['customerLevel'], protectionDays: 90, wonCounts: true,
    };
    const saved = await call('PUT', '/account-settings', 'admin', rules);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ protectionDays: 90, visibleFields: ['customerLevel'], updatedAt: expect.any(String) });
    try {
      // The same name alone, or the same phone alone, no longer matches; both together block.
      expect((await call('GET', `/accounts/duplicates?name=${encodeURIComponent('北京字节跳动科技有限公司')}`, 'p2admin')).body.duplicates).toEqual([]);
      expect((await call('GET', '/accounts/duplicates?phone=13800138000', 'p2admin')).body.duplicates).toEqual([]);
      const both = await call('GET', `/accounts/duplicates?name=${encodeURIComponent('字节跳动科技')}&phone=${encodeURIComponent('+86 138 0013 8000')}`, 'p2admin');
      expect(both.body.duplicates).toEqual([expect.objectContaining({ matchedOn: ['name', 'phone'], outcome: 'block', preview: { customerLevel: 'normal' } })]);
      const fresh = await newAccount('p2admin');
      expect(fresh.protectedUntil).not.toBeNull();
    } finally {
      await call('PUT', '/account-settings', 'admin', { duplicateRules: DEFAULT_RULES, visibleFields: ['name', 'region', 'reportedAt'], protectionDays: null, wonCounts: true });
    }
  });
});


describe('the account-report approval, protection and arbitration', () => {
  beforeAll(async () => {
    const flow = await call('POST', '/approval-flows', 'admin', { kind: 'account_report', name: '客户报备审批', steps: [{ name: '渠道经理', approvers: [{ type: 'channel_manager' }] }] });
    expect(flow.status).toBe(201);
  });
  afterAll(async () => {
    const flows = (await call('GET', '/approval-flows', 'admin')).body as { id: string; kind: string }[];
    for (const flow of flows.filter((f) => f.kind === 'account_report')) await call('DELETE', `/approval-flows/${flow.id}`, 'admin');
  });

  it('holds a partner report until approved; pending, it already blocks another partner; approved, it is protected', async () => {
    const account = await newAccount('p1member');
    expect(account).toMatchObject({ state: 'reporting', approvalId: expect.any(String), protected: true });
    expect((await call('PATCH', `/accounts/${account.id}`, 'p1member', { name: '改名有限公司' })).body.code).toBe('state.illegal_transition');
    expect((await call('PATCH', `/accounts/${account.id}`, 'p1member', { notes: '补充说明' })).status).toBe(200);
    const blocked = await call('POST', '/accounts', 'p2admin', { name: account.name, region: SHANGHAI });
    expect(blocked.body.duplicates[0]).toMatchObject({ outcome: 'block', holder: 'other_partner' });
    expect((await call('POST', `/approvals/${account.approvalId}/approve`, 'manager1', { comment: '同意' })).body.state).toBe('approved');
    expect((await call('GET', `/accounts/${account.id}`, 'p1member')).body).toMatchObject({ state: 'active', protected: true });
  });

  it('frees the name of a rejected report', async () => {
    const account = await newAccount('p1member');
    await call('POST', `/approvals/${account.approvalId}/reject`, 'manager1', { comment: '直销客户' });
    expect((await call('GET', `/accounts/${account.id}`, 'p1member')).body).toMatchObject({ state: 'rejected', reason: '直销客户', protected: false });
    expect((await call('GET', `/accounts/duplicates?name=${encodeURIComponent(account.name)}`, 'p2admin')).body.duplicates).toEqual([]);
  });

  it('takes a blocked report to arbitration; granted, the customer passes to the claimant', async () => {
    const account = await newAccount('manager1');
    // Upstream-held accounts are not another partner's: nothing to dispute.
    const upstreamHeld = await call('POST', '/account-disputes', 'p2admin', { account: { name: account.name, region: SHANGHAI }, reason: '我们先接触' });
    expect(upstreamHeld.body.code).toBe('account.not_disputable');

    const p1 = await newAccount('p1member', { name: '仲裁测试电气有限公司' });
    await call('POST', `/approvals/${p1.approvalId}/approve`, 'manager1', {});
    const report = { name: '仲裁测试电气股份有限公司', region: SHANGHAI };
    expect((await call('POST', '/accounts', 'p2admin', report)).body.duplicates[0].disputable).toBe(true);
    const opened = await call('POST', '/account-disputes', 'p2admin', { account: report, reason: '该客户由我司于去年签约' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ state: 'open', contestedId: null, contested: { recordId: null, preview: { name: expect.stringContaining('*') } } });
    expect(JSON.stringify(opened.body)).not.toContain('Partner One');
    expect((await call('POST', '/account-disputes', 'p2admin', { account: report, reason: '再提一次' })).body.code).toBe('account.dispute_open');
    // One open dispute per account and claimant company, however many arrive at once.
    const other = await newAccount('p1member', { name: '并发仲裁电气有限公司' });
    await call('POST', `/approvals/${other.approvalId}/approve`, 'manager1', {});
    const twice = await Promise.all([1, 2].map((n) => call('POST', '/account-disputes', 'p2admin', { account: { name: other.name, region: SHANGHAI }, reason: `第 ${n} 次` })));
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);

    // Both partners' channel managers and the admins are asked; the claimant's manager sees the contested account.
    const todos = await call('GET', '/inbox/todos?state=open&kind=account_dispute&limit=100', 'manager2');
    expect(todos.body.items.map((i: { title: string }) => i.title)).toContain(`客户归属仲裁：${report.name}`);
    // The claimant's channel manager does not manage the holder: they see the contested account as the claimant does.
    expect((await call('GET', `/account-disputes/${opened.body.id}`, 'manager2')).body).toMatchObject({ contestedId: null, claimantPartnerName: 'Partner Two' });
    expect((await call('GET', `/account-disputes/${opened.body.id}`, 'admin')).body.contestedId).toBe(p1.id);
    expect((await call('POST', `/account-disputes/${opened.body.id}/decide`, 'p1admin', { decision: 'dismissed' })).status).toBe(403);

    const [first, second] = await Promise.all([
      call('POST', `/account-disputes/${opened.body.id}/decide`, 'manager2', { decision: 'granted', comment: '合同在先' }),
      call('POST', `/account-disputes/${opened.body.id}/decide`, 'admin', { decision: 'granted' }),
    ]);
    // One decision wins; the customer passes once, to the claimant, protected for their company.
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    expect(winner.body).toMatchObject({ state: 'granted', decidedAt: expect.any(String) });
    expect((await call('GET', `/accounts/${p1.id}`, 'admin')).body).toMatchObject({ partnerId: t.world.a.partners.p2, ownerId: t.world.a.users.p2admin, team: [], protected: true });
    expect((await call('GET', `/accounts/${p1.id}`, 'p1member')).status).toBe(404);
    expect((await call('GET', `/accounts/${p1.id}/events`, 'p2admin')).body.items[0]).toMatchObject({ type: 'arbitrated' });
    expect((await call('GET', `/account-disputes/${opened.body.id}`, 'p2admin')).body.contestedId).toBe(p1.id);
    const claimantNotice = await call('GET', '/inbox/notices?limit=100', 'p2admin');
    expect(claimantNotice.body.items.map((i: { title: string }) => i.title)).toContain(`仲裁通过：${report.name}`);
  });
});

describe('visibility, contacts and the team', () => {
  let account: { id: string; name: string; creditCode: string; phone: string | null };
  beforeAll(async () => {
    account = await newAccount('p1member');
  });

  it('shows an account to its holder, their partner admin and channel manager only', async () => {
    for (const [person, status] of [['p1member', 200], ['p1admin', 200], ['manager1', 200], ['admin', 200], ['p2admin', 404], ['manager2', 404]] as const) {
      expect((await call('GET', `/accounts/${account.id}`, person)).status).toBe(status);
    }
    expect((await call('GET', '/accounts?limit=100', 'p2admin')).body.items.map((a: { id: string }) => a.id)).not.toContain(account.id);
    expect((await call('PATCH', `/accounts/${account.id}`, 'p2admin', { notes: 'x' })).status).toBe(404);
  });

  it('keeps what identifies a protected customer for upstream staff to change, and saves other edits sent with it', async () => {
    const unchanged = { name: account.name, creditCode: account.creditCode.toLowerCase(), phone: account.phone, notes: '年度框架采购' };
    expect((await call('PATCH', `/accounts/${account.id}`, 'p1member', unchanged)).body.notes).toBe('年度框架采购');
    expect((await call('PATCH', `/accounts/${account.id}`, 'p1member', { name: '另一家机电有限公司' })).body.code).toBe('state.illegal_transition');
    const renamed = await call('PATCH', `/accounts/${account.id}`, 'manager1', { name: '更名后的精密机电有限公司' });
    expect(renamed.status).toBe(200);
    const audit = await call('GET', `/audit?entityType=account&entityId=${account.id}`, 'admin');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('account.identity');
  });

  it('keeps contacts under the account, one primary at a time', async () => {
    const first = await call('POST', `/accounts/${account.id}/contacts`, 'p1member', { name: '赵总', phone: '13911112222' });
    expect(first.body).toMatchObject({ primary: true });
    const second = await call('POST', `/accounts/${account.id}/contacts`, 'p1member', { name: '钱经理', primary: true, email: 'qian@example.com' });
    expect(second.status).toBe(201);
    const listed = (await call('GET', `/accounts/${account.id}/contacts`, 'p1member')).body.items;
    expect(listed.map((c: { name: string; primary: boolean }) => [c.name, c.primary])).toEqual([['钱经理', true], ['赵总', false]]);
    expect((await call('PATCH', `/accounts/${account.id}/contacts/${first.body.id}`, 'p1member', { title: '总经理', email: 'not-an-email' })).status).toBe(400);
    expect((await call('PATCH', `/accounts/${account.id}/contacts/${first.body.id}`, 'p1member', { title: '总经理' })).body.title).toBe('总经理');
    expect((await call('POST', `/accounts/${account.id}/contacts`, 'p2admin', { name: '外人' })).status).toBe(404);
    expect((await call('DELETE', `/accounts/${account.id}/contacts/${first.body.id}`, 'p1member')).status).toBe(204);
    expect((await call('GET', `/accounts/${account.id}/contacts`, 'p1member')).body.items).toHaveLength(1);
  });

  it('adds co-workers of the same partner to the team, who then see and follow it', async () => {
    expect((await call('POST', `/accounts/${account.id}/team`, 'p1member', { userId: t.world.a.users.p2admin })).status).toBe(400);
    expect((await call('POST', `/accounts/${account.id}/team`, 'p1admin', { userId: t.world.a.users.p1member })).status).toBe(400); // the owner already works it
    const added = await call('POST', `/accounts/${account.id}/team`, 'p1member', { userId: t.world.a.users.p1admin });
    expect(added.body.team).toEqual([{ id: t.world.a.users.p1admin, name: expect.any(String) }]);
    const followed = await call('POST', `/accounts/${account.id}/follow-ups`, 'p1admin', { kind: 'visit', text: '上门拜访', position: { latitude: 31.2, longitude: 121.4 } });
    expect(followed.status).toBe(201);
    const story = (await call('GET', `/accounts/${account.id}/events`, 'p1member')).body.items;
    expect(story[0]).toMatchObject({ type: 'follow_up', kind: 'visit', text: '上门拜访', position: { latitude: 31.2, longitude: 121.4 } });
  });
});
