import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT, seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('demo data', () => {
  it('creates the demo tenant once, and every README login works at once', async () => {
    expect(await seedDemo()).toEqual({ created: true });
    expect(await seedDemo()).toEqual({ created: false });
    for (const account of DEMO_ACCOUNTS) {
      const res = await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: account.username, password: DEMO_PASSWORD } });
      expect({ account: account.username, status: res.status, mustChangePassword: res.body.mustChangePassword }).toEqual({ account: account.username, status: 200, mustChangePassword: false });
    }
  });

  it('has three partners at three levels, all under the demo channel manager', async () => {
    const login = await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'manager', password: DEMO_PASSWORD } });
    const partners = await app.request('GET', '/api/v1/partners', { token: login.body.accessToken });
    expect(partners.body.items).toHaveLength(3);
    expect(new Set(partners.body.items.map((p: { levelId: string }) => p.levelId)).size).toBe(3);
  });
});

describe('demo leads', () => {
  const login = async (account: string) => (await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account, password: DEMO_PASSWORD } })).body.accessToken;

  it('gives the gold salesperson leads of their own and a pool to claim from', async () => {
    const token = await login('gold_sales');
    const mine = await app.request('GET', '/api/v1/leads?owner=me', { token });
    expect(mine.body.items.map((l: { state: string }) => l.state).sort()).toEqual(['following', 'new']);
    const pools = (await app.request('GET', '/api/v1/lead-pools', { token })).body;
    const fair = pools.find((p: { name: string }) => p.name === '华东展会线索池');
    const waiting = await app.request('GET', `/api/v1/lead-pools/${fair.id}/leads`, { token });
    expect(waiting.body.items).toHaveLength(6);
    expect(waiting.body.items[0].company).toBeNull();
  });

  it('offers the website enquiries to the nearest partners', async () => {
    const hangzhou = (await app.request('GET', '/api/v1/leads?state=offered', { token: await login('silver_admin') })).body.items;
    expect(hangzhou.map((l: { company: string }) => l.company)).toEqual(['杭州滨江云联科技有限公司']);
    const chengdu = (await app.request('GET', '/api/v1/leads?state=offered', { token: await login('bronze_admin') })).body.items;
    expect(chengdu.map((l: { company: string }) => l.company)).toEqual(['成都高新天府软件有限公司']);
  });
});

describe('demo accounts', () => {
  const login = async (account: string) => (await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account, password: DEMO_PASSWORD } })).body.accessToken;

  it('gives the gold salesperson customers of their own, with contacts and a visit, and a pool to claim from', async () => {
    const token = await login('gold_sales');
    const mine = (await app.request('GET', '/api/v1/accounts?owner=me', { token })).body.items;
    expect(mine.map((a: { name: string }) => a.name).sort()).toEqual(['上海外高桥保税物流有限公司', '康启物流有限责任公司']);
    const registered = await app.request('GET', `/api/v1/accounts/${mine.find((a: { name: string }) => a.name === '康启物流有限责任公司').id}`, { token });
    expect(registered.body).toMatchObject({ creditCode: '913205050LX6W2TD30', registryStatus: 'active', protected: true, contacts: [{ name: '孙总', primary: true }, { name: '何工' }] });
    const pools = (await app.request('GET', '/api/v1/account-pools', { token })).body;
    expect(pools.map((p: { name: string; pooledCount: number }) => [p.name, p.pooledCount])).toEqual([['华东客户公海', 5]]);
  });

  it("blocks the gold partner's report of the silver partner's customer, masked, and offers arbitration", async () => {
    const res = await app.request('POST', '/api/v1/accounts', { token: await login('gold_sales'), body: { name: '宁波北仑港务设备有限公司', region: { province: '330000' } } });
    expect(res.body).toMatchObject({ code: 'account.duplicate', duplicates: [{ holder: 'other_partner', outcome: 'block', disputable: true, recordId: null }] });
  });
});

describe('demo opportunities', () => {
  const login = async (account: string) => (await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account, password: DEMO_PASSWORD } })).body.accessToken;

  it('gives the gold salesperson opportunities at several stages, and the upstream a funnel', async () => {
    const mine = (await app.request('GET', '/api/v1/opportunities?owner=me', { token: await login('gold_sales') })).body.items;
    expect(mine.map((o: { name: string; state: string; stage: string }) => [o.name, o.state, o.stage]).sort()).toEqual([
      ['外高桥仓储改造一期', 'open', 'qualify'],
      ['外高桥叉车租赁', 'won', 'qualify'],
      ['康启物流自动分拣线', 'open', 'propose'],
    ]);
    const stats = (await app.request('GET', '/api/v1/opportunities/stats', { token: await login('manager') })).body;
    expect(stats.stages.map((s: { reached: number }) => s.reached)).toEqual([3, 2, 1, 1]);
    expect(stats.totals).toMatchObject({ open: 2, won: 1, wonAmount: 46_500_00 });
  });
});

describe('demo catalog', () => {
  const login = async (account: string) => (await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account, password: DEMO_PASSWORD } })).body.accessToken;

  it('prices the sorter from the gold list for the gold partner, and keeps it out of the silver catalog', async () => {
    const gold = await login('gold_sales');
    const priced = await app.request('POST', '/api/v1/pricing', { token: gold, body: { lines: [{ sku: 'SORT-A100', quantity: 1, options: { speed: ['fast'] } }, { sku: 'SVC-INSTALL', quantity: 1 }] } });
    // 380,000.00 less 12% = 334,400.00, plus 45,000.00 for the fast sorter.
    expect(priced.body.lines[0]).toMatchObject({ listPrice: 334_400_00, unitPrice: 379_400_00, priceListName: '金牌伙伴价' });
    const silver = (await app.request('GET', '/api/v1/products?limit=50', { token: await login('silver_admin') })).body.items.map((p: { sku: string }) => p.sku);
    expect(silver.sort()).toEqual(['CONV-B20', 'PART-R01', 'SVC-INSTALL']);
  });

  it('has a quote the gold salesperson sent, approved within the allowance', async () => {
    const quotes = (await app.request('GET', '/api/v1/quotes', { token: await login('gold_sales') })).body.items;
    expect(quotes).toEqual([expect.objectContaining({ accountName: '上海外高桥保税物流有限公司', state: 'approved', maxDiscountBp: 500, lineCount: 2 })]);
  });
});
