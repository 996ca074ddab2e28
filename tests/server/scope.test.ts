import { Types } from 'mongoose';
import { runAsSystem, runWithContext } from '../../server/core/context';
import { defineRoute } from '../../server/core/route';
import { TenantScopeError } from '../../server/core/tenant-plugin';
import { Partner } from '../../server/modules/partners';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
let operations: Operation[];

interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  action: string;
}

beforeAll(async () => {
  const doc = (await t.app.request('GET', '/api/v1/openapi.json')).body;
  operations = Object.entries(doc.paths as Record<string, Record<string, { requestBody?: unknown; 'x-permission': string }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: Boolean(op.requestBody), action: op['x-permission'] })),
  );
});

/** Tenant A's records made through the API: a flow, partner 1's approval, manager 1's to-do, p1member's notice. */
const made = { flow: '', approval: '', todo: '', notice: '', lead: '', pool: '', leadImport: '', account: '', accountPool: '', dispute: '', process: '', opportunity: '', product: '', priceList: '', quote: '', order: '' };
beforeAll(async () => {
  const as = async (person: Person) => t.world.token('a', person);
  made.flow = (
    await t.app.request('POST', '/api/v1/approval-flows', {
      token: await as('admin'),
      body: { kind: 'lead_report', name: 'scope', steps: [{ name: 's', approvers: [{ type: 'role', role: 'admin' }] }] },
    })
  ).body.id;
  made.approval = (await t.app.request('POST', '/api/v1/approvals', { token: await as('p1member'), body: { title: 'scope', amount: 1 } })).body.id;
  made.todo = (await t.app.request('GET', '/api/v1/inbox/todos', { token: await as('manager1') })).body.items[0].id;
  const returned = await t.app.request('POST', '/api/v1/approvals', { token: await as('p1member'), body: { title: 'scope returned' } });
  await t.app.request('POST', `/api/v1/approvals/${returned.body.id}/return`, { token: await as('manager1'), body: { comment: 'x' } });
  made.notice = (await t.app.request('GET', '/api/v1/inbox/notices', { token: await as('p1member') })).body.items[0].id;
  made.lead = (await t.app.request('POST', '/api/v1/leads', { token: await as('p1member'), body: { company: '范围测试科技有限公司', region: { province: '310000' } } })).body.id;
  made.pool = (
    await t.app.request('POST', '/api/v1/lead-pools', {
      token: await as('admin'),
      body: {
        name: 'scope',
        members: { levelIds: [t.world.a.levels.gold], provinces: [], partnerIds: [], staffIds: [] },
        claim: { enabled: true, dailyLimit: null, perPerson: null, perPartner: null, cooldownDays: 0 },
        recycle: { noFollowUpDays: null, notConvertedDays: null, remindDaysBefore: null },
      },
    })
  ).body.id;
  made.leadImport = (
    await t.app.request('POST', '/api/v1/lead-imports?filename=scope.csv', { token: await as('admin'), raw: '公司名称,省份\n范围导入有限公司,310000\n', headers: { 'content-type': 'text/csv' } })
  ).body.id;
  made.account = (await t.app.request('POST', '/api/v1/accounts', { token: await as('p1member'), body: { name: '范围测试客户有限公司', region: { province: '310000' } } })).body.id;
  made.accountPool = (
    await t.app.request('POST', '/api/v1/account-pools', {
      token: await as('admin'),
      body: { name: 'scope', members: { levelIds: [t.world.a.levels.gold], provinces: [], partnerIds: [], staffIds: [] } },
    })
  ).body.id;
  // Partner 1 disputes a customer partner 2 holds: neither partner 2's admin nor manager 1's peers see partner 1's claim.
  const contested = { name: '范围争议机械有限公司', region: { province: '330000' } };
  await t.app.request('POST', '/api/v1/accounts', { token: await as('p2admin'), body: contested });
  made.dispute = (await t.app.request('POST', '/api/v1/account-disputes', { token: await as('p1member'), body: { account: contested, reason: 'scope' } })).body.id;
  made.process = (
    await t.app.request('POST', '/api/v1/sales-processes', {
      token: await as('admin'),
      body: { name: 'scope', levelIds: [t.world.a.levels.gold], stages: [{ key: 'a', name: 'A', probability: 10, tasks: [{ key: 'x', kind: 'checklist', label: 'x' }] }, { key: 'b', name: 'B', probability: 50 }] },
    })
  ).body.id;
  made.opportunity = (await t.app.request('POST', '/api/v1/opportunities', { token: await as('p1member'), body: { accountId: made.account, name: 'scope' } })).body.id;
  made.product = (await t.app.request('POST', '/api/v1/products', { token: await as('admin'), body: { sku: 'SCOPE-1', name: 'scope', category: 'scope', unit: '台', basePrice: 100 } })).body.id;
  made.priceList = (await t.app.request('POST', '/api/v1/price-lists', { token: await as('admin'), body: { name: 'scope', priority: 1, validFrom: '2026-01-01', entries: [{ sku: 'SCOPE-1', price: 90 }] } })).body.id;
  const lines = [{ sku: 'SCOPE-1', quantity: 1 }];
  made.quote = (await t.app.request('POST', '/api/v1/quotes', { token: await as('p1member'), body: { accountId: made.account, validUntil: '2099-01-01', lines } })).body.id;
  made.order = (await t.app.request('POST', '/api/v1/orders', { token: await as('p1member'), body: { accountId: made.account, lines }, headers: { 'idempotency-key': 'scope-fixture' } })).body.id;
  // Partner 2's level may sell nothing in the scope category: partner 2 cannot tell the product from a missing one.
  await t.app.request('PUT', `/api/v1/salable-ranges/${t.world.a.levels.silver}`, { token: await as('admin'), body: { categories: ['other'], skus: [] } });
});

/** Tenant A's record of the kind each `{id}` path takes. A new route with an id needs its entry here. */
const recordFor = (path: string): string => {
  const kind = path.startsWith('/api/v1/inbox/') ? path.split('/')[4] : path.split('/')[3];
  const ids: Record<string, string> = {
    levels: t.world.a.levels.gold,
    partners: t.world.a.partners.p1,
    members: t.world.a.users.p1member,
    staff: t.world.a.users.manager1,
    'approval-flows': made.flow,
    approvals: made.approval,
    todos: made.todo,
    notices: made.notice,
    outbox: made.todo,
    leads: made.lead,
    'lead-pools': made.pool,
    'lead-imports': made.leadImport,
    accounts: made.account,
    'account-pools': made.accountPool,
    'account-disputes': made.dispute,
    'sales-processes': made.process,
    opportunities: made.opportunity,
    products: made.product,
    'price-lists': made.priceList,
    'salable-ranges': t.world.a.levels.gold,
    quotes: made.quote,
    orders: made.order,
  };
  if (!ids[kind]) throw new Error(`No tenant-A record fixture for ${path}: add one to tests/server/scope.test.ts`);
  return ids[kind];
};

/** A well-formed id for the parts of a path or body the scope check is not about. */
const ANY_ID = '0123456789abcdef01234567';
const withIds = (path: string, id: string) => path.replace('{id}', id).replace('{userId}', ANY_ID).replace('{contactId}', ANY_ID).replace('{fileId}', ANY_ID).replace('{taskKey}', 'x').replace('{levelId}', id).replace('{imageId}', ANY_ID);

/** A body that passes validation for each route with a body, so the scope check is what answers. */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/levels/{id}': { weight: 5 },
  'PATCH /api/v1/partners/{id}': { contactName: 'x' },
  'POST /api/v1/partners/{id}/suspend': { reason: 'x' },
  'PATCH /api/v1/members/{id}': { leadCapacity: 3 },
  'POST /api/v1/members/{id}/password': { initialPassword: 'Reset12345' },
  'PATCH /api/v1/staff/{id}': { name: 'x' },
  'POST /api/v1/staff/{id}/password': { initialPassword: 'Reset12345' },
  'PATCH /api/v1/approval-flows/{id}': { name: 'x' },
  'POST /api/v1/approvals/{id}/approve': {},
  'POST /api/v1/approvals/{id}/reject': { comment: 'x' },
  'POST /api/v1/approvals/{id}/return': { comment: 'x' },
  'POST /api/v1/approvals/{id}/withdraw': {},
  'POST /api/v1/approvals/{id}/resubmit': {},
  'PATCH /api/v1/leads/{id}': { notes: 'x' },
  'POST /api/v1/leads/{id}/follow-ups': { kind: 'call', text: 'x' },
  'POST /api/v1/leads/{id}/collaborators': { userId: ANY_ID },
  'POST /api/v1/leads/{id}/convert': {},
  'POST /api/v1/leads/{id}/invalidate': { reason: 'x' },
  'POST /api/v1/leads/{id}/claim': {},
  'POST /api/v1/leads/{id}/accept': {},
  'POST /api/v1/leads/{id}/decline': { reason: 'x' },
  'POST /api/v1/leads/{id}/assign': { userId: ANY_ID },
  'POST /api/v1/leads/{id}/release': { reason: 'x' },
  'PATCH /api/v1/lead-pools/{id}': { name: 'x' },
  'POST /api/v1/lead-imports/{id}/start': { mapping: { company: 0, province: 1 } },
  'PATCH /api/v1/accounts/{id}': { notes: 'x' },
  'POST /api/v1/accounts/{id}/follow-ups': { kind: 'call', text: 'x' },
  'POST /api/v1/accounts/{id}/deal': {},
  'POST /api/v1/accounts/{id}/team': { userId: ANY_ID },
  'POST /api/v1/accounts/{id}/claim': {},
  'POST /api/v1/accounts/{id}/return': { reason: 'x' },
  'POST /api/v1/accounts/{id}/move': { poolId: ANY_ID },
  'POST /api/v1/accounts/{id}/assign': { userId: ANY_ID },
  'POST /api/v1/accounts/{id}/contacts': { name: 'x' },
  'PATCH /api/v1/accounts/{id}/contacts/{contactId}': { title: 'x' },
  'PATCH /api/v1/account-pools/{id}': { name: 'x' },
  'POST /api/v1/account-disputes/{id}/decide': { decision: 'dismissed' },
  'PUT /api/v1/sales-processes/{id}': { name: 'x', stages: [{ key: 'a', name: 'A', probability: 10 }, { key: 'b', name: 'B', probability: 20 }] },
  'PATCH /api/v1/opportunities/{id}': { notes: 'x' },
  'POST /api/v1/opportunities/{id}/follow-ups': { kind: 'call', text: 'x' },
  'PUT /api/v1/opportunities/{id}/tasks/{taskKey}': { done: true },
  'POST /api/v1/opportunities/{id}/stage': { stage: 'b' },
  'POST /api/v1/opportunities/{id}/close': { outcome: 'lost', reason: 'x', amount: 0, closeDate: '2027-01-01' },
  'POST /api/v1/opportunities/{id}/extend': { days: 1 },
  'POST /api/v1/opportunities/{id}/collaborators': { userId: ANY_ID },
  'PUT /api/v1/products/{id}': { sku: 'SCOPE-1', name: 'x', category: 'scope', unit: '台', basePrice: 1 },
  'PUT /api/v1/price-lists/{id}': { name: 'x', priority: 1, validFrom: '2026-01-01', entries: [{ sku: 'SCOPE-1', price: 1 }] },
  'PUT /api/v1/salable-ranges/{levelId}': { categories: [], skus: [] },
  'PUT /api/v1/quotes/{id}': { revision: 1, validUntil: '2099-01-01', lines: [{ sku: 'SCOPE-1', quantity: 1 }] },
  'POST /api/v1/quotes/{id}/cancel': { reason: 'x' },
  'POST /api/v1/quotes/{id}/order': {},
  'POST /api/v1/orders/{id}/state': { state: 'confirmed' },
};
/** Order submissions need their key before anything else is looked at; every call carries one. */
const KEY_HEADER = { 'idempotency-key': 'scope-test-key' };

const idOperations = () => operations.filter((op) => op.path.includes('{id}'));

async function call(op: Operation, id: string, token: string) {
  const key = `${op.method} ${op.path}`;
  if (op.hasBody && !(key in VALID_BODIES)) throw new Error(`No valid body fixture for ${key}: add one to tests/server/scope.test.ts`);
  return t.app.request(op.method, withIds(op.path, id), { token, body: op.hasBody ? VALID_BODIES[key] : undefined, headers: KEY_HEADER });
}

/** The answer for someone else's record must be exactly the answer for a record that does not exist. */
async function expectInvisible(tenant: 'a' | 'b', person: Person, recordOf: (op: Operation) => string) {
  const token = await t.world.token(tenant, person);
  for (const op of idOperations()) {
    const foreign = await call(op, recordOf(op), token);
    const missing = await call(op, new Types.ObjectId().toHexString(), token);
    const where = `${person} ${op.method} ${op.path}`;
    expect({ where, status: foreign.status, code: foreign.body.code }).toEqual({ where, status: missing.status, code: missing.body.code });
    expect({ where, hidden: [403, 404].includes(foreign.status) }).toEqual({ where, hidden: true });
  }
}

describe('scope on every route with an id', () => {
  it('covers the routes the API has', () => {
    expect(idOperations().length).toBeGreaterThanOrEqual(12);
  });

  it("another tenant's admin gets 404 for tenant A's records", async () => {
    const token = await t.world.token('b', 'admin');
    for (const op of idOperations()) {
      const res = await call(op, recordFor(op.path), token);
      expect({ route: `${op.method} ${op.path}`, status: res.status, code: res.body.code }).toEqual({ route: `${op.method} ${op.path}`, status: 404, code: 'resource.not_found' });
    }
  });

  it("partner 2's admin cannot tell partner 1's records from missing ones", async () => {
    await expectInvisible('a', 'p2admin', (op) => (op.path.startsWith('/api/v1/members') ? t.world.a.users.p1member : op.path.startsWith('/api/v1/partners') ? t.world.a.partners.p1 : recordFor(op.path)));
  });

  it("channel manager 2 cannot tell manager 1's partners and members from missing ones", async () => {
    await expectInvisible('a', 'manager2', (op) => (op.path.startsWith('/api/v1/members') ? t.world.a.users.p1member : op.path.startsWith('/api/v1/partners') ? t.world.a.partners.p1 : new Types.ObjectId().toHexString()));
  });

  it('nothing was changed by any of those calls', async () => {
    const admin = await t.world.token('a', 'admin');
    const partner = await t.app.request('GET', `/api/v1/partners/${t.world.a.partners.p1}`, { token: admin });
    expect(partner.body).toMatchObject({ status: 'active', contactName: null });
    const member = await t.app.request('GET', `/api/v1/members/${t.world.a.users.p1member}`, { token: admin });
    expect(member.body).toMatchObject({ leadCapacity: null, mustChangePassword: false });
  });
});

describe('validation on every route with a body', () => {
  it('answers 400 with per-field errors and writes nothing', async () => {
    const admin = await t.world.token('a', 'admin');
    const before = await t.app.request('GET', '/api/v1/partners?limit=100', { token: admin });
    const withBody = operations.filter((op) => op.hasBody);
    expect(withBody.length).toBeGreaterThanOrEqual(13);
    for (const op of withBody) {
      const path = op.path.includes('{id}') ? withIds(op.path, recordFor(op.path)) : op.path.replace('{appId}', 'wx0123456789abcdef');
      const res = await t.app.request(op.method, path, { token: admin, body: { unexpectedField: 1, name: 12345 } });
      const route = `${op.method} ${op.path}`;
      expect({ route, status: res.status, code: res.body.code }).toEqual({ route, status: 400, code: 'request.validation_failed' });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.unexpectedField', code: 'unrecognized_keys' })]));
    }
    const after = await t.app.request('GET', '/api/v1/partners?limit=100', { token: admin });
    expect(after.body).toEqual(before.body);
  });

  it('rejects malformed ids in the path with a field error, not a 500', async () => {
    const admin = await t.world.token('a', 'admin');
    for (const op of idOperations()) {
      const res = await t.app.request(op.method, withIds(op.path, 'not-an-id'), { token: admin, body: op.hasBody ? VALID_BODIES[`${op.method} ${op.path}`] : undefined });
      expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({ route: `${op.method} ${op.path}`, status: 400 });
      expect(res.body.errors[0].path).toBe('params.id');
    }
  });
});

describe('the tenant guard below the routes', () => {
  it('refuses a query with no tenant in its filter or context', async () => {
    await expect(Partner.find({}).lean()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(Partner.countDocuments({ status: 'active' })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(Partner.aggregate([{ $match: { status: 'active' } }])).rejects.toBeInstanceOf(TenantScopeError);
    await expect(Partner.create({ name: 'x', levelId: new Types.ObjectId(), region: { province: '110000' } })).rejects.toBeInstanceOf(TenantScopeError);
  });

  it("refuses a query naming another tenant than the caller's", async () => {
    await runAsSystem(t.world.b.tenantId, async () => {
      await expect(Partner.find({ tenantId: t.world.a.tenantId }).lean()).rejects.toBeInstanceOf(TenantScopeError);
    });
  });

  it("adds the caller's tenant to queries and aggregations", async () => {
    const names = await runWithContext({ requestId: 't', locale: 'zh-CN', tenantId: t.world.b.tenantId, roles: ['admin'] }, async () => {
      const found = await Partner.find({}).lean();
      const grouped = await Partner.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]);
      return { tenants: new Set(found.map((p) => String(p.tenantId))), count: grouped[0].n, found: found.length };
    });
    expect(names.tenants).toEqual(new Set([t.world.b.tenantId]));
    expect(names.count).toBe(names.found);
  });

  it('will not define a route without a permission action', () => {
    expect(() => defineRoute({ method: 'get', path: '/x', tag: 'x', summary: 'x', handler: async () => null } as never)).toThrow(/permission action/);
    expect(() => defineRoute({ method: 'get', path: '/x', tag: 'x', summary: 'x', action: 'anything' as never, handler: async () => null })).toThrow(/permission action/);
  });
});
