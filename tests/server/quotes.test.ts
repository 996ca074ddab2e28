import { Readable } from 'node:stream';
import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { Quote } from '../../server/modules/quotes';
import { readRows } from '../../server/core/spreadsheet';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);
const call = async (method: string, path: string, person: Person, body?: unknown, headers?: Record<string, string>) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body, headers });
const SHANGHAI = { province: '310000', city: '310100' };
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
let serial = 0;
const key = () => `quote-test-${Date.now()}-${(serial += 1)}`;

const SORTER = {
  sku: 'Q-SORT', name: '分拣机', category: '分拣设备', unit: '台', basePrice: 100_000_00,
  optionGroups: [{ key: 'speed', name: '速度', required: true, options: [{ key: 'std', name: '标准' }, { key: 'fast', name: '高速', priceDelta: 10_000_00 }] }],
  bundle: [{ sku: 'Q-SVC', minPerUnit: 1, maxPerUnit: 1 }],
};
const SERVICE = { sku: 'Q-SVC', name: '安装服务', category: '服务', unit: '次', basePrice: 5_000_00 };

async function newAccount(person: Person, customerLevel = 'normal') {
  serial += 1;
  const res = await call('POST', '/accounts', person, { name: `报价测试客户${serial}号机械有限公司`, region: SHANGHAI, customerLevel, acknowledgeDuplicates: true });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}
const LINES = [{ sku: 'Q-SORT', quantity: 2, options: { speed: ['fast'] }, discountBp: 1000 }, { sku: 'Q-SVC', quantity: 2 }];
async function newQuote(person: Person = 'p1member', lines: unknown[] = LINES) {
  const account = await newAccount(person);
  const res = await call('POST', '/quotes', person, { accountId: account.id, validUntil: inDays(30), lines });
  expect(res.status).toBe(201);
  return res.body;
}

let goldListId: string;
beforeAll(async () => {
  for (const product of [SERVICE, SORTER]) expect((await call('POST', '/products', 'admin', product)).status).toBe(201);
  const list = await call('POST', '/price-lists', 'admin', { name: '金牌报价', priority: 10, partnerLevelIds: [t.world.a.levels.gold], validFrom: '2026-01-01', entries: [{ sku: 'Q-SORT', discountBp: 2000 }] });
  expect(list.status).toBe(201);
  goldListId = list.body.id;
  const flow = await call('POST', '/approval-flows', 'admin', { kind: 'quote_discount', name: '报价折扣', steps: [{ name: '渠道经理', approvers: [{ type: 'channel_manager' }] }] });
  expect(flow.status).toBe(201);
});

describe('quotes', () => {
  it('prices every line on the server, from the list that applies, with each discount rounded once', async () => {
    const quote = await newQuote();
    expect(quote).toMatchObject({ state: 'draft', revision: 1, number: expect.stringMatching(/^Q\d{8}-\d{4}$/), allowanceBp: 1500 });
    // 100,000.00 less 20% = 80,000.00, plus 10,000.00 for speed = 90,000.00 each; 2 of them less 10% = 162,000.00.
    expect(quote.lines[0]).toMatchObject({ listPrice: 80_000_00, unitPrice: 90_000_00, total: 180_000_00, discountBp: 1000, netTotal: 162_000_00, priceListId: goldListId, priceListName: '金牌报价' });
    expect(quote.lines[1]).toMatchObject({ unitPrice: 5_000_00, total: 10_000_00, netTotal: 10_000_00, priceListId: null });
    expect(quote).toMatchObject({ listTotal: 190_000_00, netTotal: 172_000_00, maxDiscountBp: 1000, stale: false });

    const odd = await newQuote('p1member', [{ sku: 'Q-SVC', quantity: 3, discountBp: 333 }]);
    // 15,000.00 less 3.33% = 14,500.50 exactly.
    expect(odd.netTotal).toBe(14_500_50);
    const tiny = await call('POST', '/quotes', 'p1member', { accountId: odd.accountId, validUntil: inDays(1), lines: [{ sku: 'Q-SVC', quantity: 1, discountBp: 9999 }] });
    expect(tiny.body.netTotal).toBe(50); // 5,000.00 × 0.01% = 50 fen
  });

  it('refuses client prices, bad configurations, past dates and accounts the caller cannot see', async () => {
    const account = await newAccount('p1member');
    const priced = await call('POST', '/quotes', 'p1member', { accountId: account.id, validUntil: inDays(5), lines: [{ ...LINES[0], unitPrice: 1 }, LINES[1]] });
    expect(priced.status).toBe(400);
    expect(priced.body.errors[0]).toMatchObject({ path: 'body.lines.0.unitPrice', code: 'unrecognized_keys' });
    const bundle = await call('POST', '/quotes', 'p1member', { accountId: account.id, validUntil: inDays(5), lines: [LINES[0]] });
    expect(bundle.body.errors).toEqual([{ path: 'body.lines.0', code: 'bundle_missing', message: 'Q-SORT / Q-SVC' }]);
    const past = await call('POST', '/quotes', 'p1member', { accountId: account.id, validUntil: '2020-01-01', lines: LINES });
    expect(past.body.errors[0].path).toBe('body.validUntil');
    const other = await call('POST', '/quotes', 'p2admin', { accountId: account.id, validUntil: inDays(5), lines: [{ sku: 'Q-SVC', quantity: 1 }] });
    expect(other.body.errors[0]).toMatchObject({ path: 'body.accountId', code: 'invalid_reference' });
    expect((await call('GET', `/quotes?accountId=${account.id}`, 'p1member')).body.items).toEqual([]);
    // Amounts beyond what an order may hold are refused, not rounded: 2 × ¥100 billion.
    expect((await call('POST', '/products', 'admin', { sku: 'Q-BIG', name: '整厂', category: '服务', unit: '套', basePrice: 100_000_000_000_00 })).status).toBe(201);
    const big = await call('POST', '/quotes', 'p1member', { accountId: account.id, validUntil: inDays(5), lines: [{ sku: 'Q-BIG', quantity: 2 }] });
    expect(big.body.errors).toEqual([expect.objectContaining({ path: 'body.lines.0', code: 'too_big' })]);
  });

  it('keeps every revision, refuses an edit of an older one, and goes back to draft on edit', async () => {
    const quote = await newQuote();
    const edited = await call('PUT', `/quotes/${quote.id}`, 'p1member', { revision: 1, validUntil: inDays(20), notes: '第二版', lines: [{ ...LINES[0], discountBp: 500 }, LINES[1]] });
    expect(edited.body).toMatchObject({ revision: 2, state: 'draft', maxDiscountBp: 500, notes: '第二版' });
    const stale = await call('PUT', `/quotes/${quote.id}`, 'p1member', { revision: 1, validUntil: inDays(20), lines: LINES });
    expect(stale.body).toMatchObject({ status: 409, code: 'quote.changed' });
    // Two edits of the same revision at once: one makes revision 3, the other is told the quote changed.
    const both = await Promise.all([1, 2].map((n) => call('PUT', `/quotes/${quote.id}`, 'p1member', { revision: 2, validUntil: inDays(20), notes: `并发${n}`, lines: LINES })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const revisions = (await call('GET', `/quotes/${quote.id}/revisions`, 'p1member')).body;
    expect(revisions.map((r: { revision: number; cause: string }) => [r.revision, r.cause])).toEqual([[3, 'edited'], [2, 'edited'], [1, 'created']]);
    expect(revisions[2]).toMatchObject({ netTotal: 172_000_00, savedByName: expect.any(String) });
    expect(revisions[1].lines[0].discountBp).toBe(500);
    expect((await call('PUT', `/quotes/${quote.id}`, 'p2admin', { revision: 3, validUntil: inDays(20), lines: LINES })).status).toBe(404);
  });

  it('approves a discount within the allowance at once, and audits the decision', async () => {
    const quote = await newQuote();
    const submitted = await call('POST', `/quotes/${quote.id}/submit`, 'p1member');
    expect(submitted.body).toMatchObject({ state: 'approved', approvalId: null });
    const trail = await call('GET', `/audit?entityType=quote&entityId=${quote.id}`, 'admin');
    expect(trail.body.items[0]).toMatchObject({ action: 'quote.discount_within_allowance', after: { state: 'approved', maxDiscountBp: 1000, allowanceBp: 1500 } });
    expect((await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body).toMatchObject({ status: 409, code: 'state.illegal_transition' });
  });

  it('runs the quote-discount approval beyond the allowance; approved, rejected, withdrawn', async () => {
    const deep = [{ ...LINES[0], discountBp: 2500 }, LINES[1]];
    const quote = await newQuote('p1member', deep);
    const pending = (await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body;
    expect(pending).toMatchObject({ state: 'pending', approvalId: expect.any(String) });
    const approval = (await call('GET', `/approvals/${pending.approvalId}`, 'manager1')).body;
    expect(approval).toMatchObject({ kind: 'quote_discount', facts: expect.objectContaining({ discountPct: 25, discountOverAllowancePct: 10, amount: pending.netTotal }) });
    expect((await call('PUT', `/quotes/${quote.id}`, 'p1member', { revision: 1, validUntil: inDays(9), lines: deep })).body.code).toBe('state.illegal_transition');
    expect((await call('POST', `/approvals/${pending.approvalId}/approve`, 'manager2', {})).status).toBe(404);
    expect((await call('POST', `/approvals/${pending.approvalId}/approve`, 'manager1', {})).status).toBe(200);
    expect((await call('GET', `/quotes/${quote.id}`, 'p1member')).body.state).toBe('approved');
    const trail = await call('GET', `/audit?entityType=quote&entityId=${quote.id}`, 'admin');
    expect(trail.body.items[0]).toMatchObject({ action: 'quote.discount_approved', after: { state: 'approved', maxDiscountBp: 2500 } });

    const second = await newQuote('p1member', deep);
    const approvalId = (await call('POST', `/quotes/${second.id}/submit`, 'p1member')).body.approvalId;
    await call('POST', `/approvals/${approvalId}/reject`, 'manager1', { comment: '折扣过大' });
    expect((await call('GET', `/quotes/${second.id}`, 'p1member')).body.state).toBe('rejected');
    const again = (await call('POST', `/quotes/${second.id}/submit`, 'p1member')).body;
    expect(again.state).toBe('pending');
    expect(again.approvalId).not.toBe(approvalId);
    await call('POST', `/approvals/${again.approvalId}/withdraw`, 'p1member', { comment: '改价' });
    expect((await call('GET', `/quotes/${second.id}`, 'p1member')).body.state).toBe('draft');
  });

  it('a changed price list makes the quote stale: no order until it is re-priced (a new revision)', async () => {
    const quote = await newQuote();
    await call('POST', `/quotes/${quote.id}/submit`, 'p1member');
    const list = { name: '金牌报价', priority: 10, partnerLevelIds: [t.world.a.levels.gold], validFrom: '2026-01-01', entries: [{ sku: 'Q-SORT', discountBp: 1800 }] };
    expect((await call('PUT', `/price-lists/${goldListId}`, 'admin', list)).status).toBe(200);
    try {
      expect((await call('GET', `/quotes/${quote.id}`, 'p1member')).body.stale).toBe(true);
      const refused = await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, { 'idempotency-key': key() });
      expect(refused.body).toMatchObject({ status: 409, code: 'quote.stale' });
      const repriced = (await call('POST', `/quotes/${quote.id}/reprice`, 'p1member')).body;
      // 100,000.00 less 18% = 82,000.00 + 10,000.00 = 92,000.00 each.
      expect(repriced).toMatchObject({ revision: 2, state: 'draft', stale: false });
      expect(repriced.lines[0]).toMatchObject({ listPrice: 82_000_00, unitPrice: 92_000_00 });
      expect((await call('GET', `/quotes/${quote.id}/revisions`, 'p1member')).body[0].cause).toBe('repriced');
      expect((await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body.state).toBe('approved');
      const order = await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, { 'idempotency-key': key() });
      expect(order.status).toBe(201);
      expect(order.body).toMatchObject({ quoteNumber: quote.number, netTotal: repriced.netTotal, state: 'submitted' });
      expect((await call('GET', `/quotes/${quote.id}`, 'p1member')).body).toMatchObject({ state: 'ordered', orderId: order.body.id });
      const twice = await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, { 'idempotency-key': key() });
      expect(twice.body.code).toBe('quote.already_ordered');
    } finally {
      await call('PUT', `/price-lists/${goldListId}`, 'admin', { ...list, entries: [{ sku: 'Q-SORT', discountBp: 2000 }] });
    }
  });

  it('a list that starts later or has ended does not price; a product leaving the range stops the quote', async () => {
    const future = await call('POST', '/price-lists', 'admin', { name: '明年价', priority: 50, validFrom: inDays(1), entries: [{ sku: 'Q-SVC', price: 1_00 }] });
    const ended = await call('POST', '/price-lists', 'admin', { name: '旧价', priority: 60, validFrom: '2026-01-01', validUntil: today(), entries: [{ sku: 'Q-SVC', price: 2_00 }] });
    expect([future.status, ended.status]).toEqual([201, 201]);
    const quote = await newQuote('p1member', [{ sku: 'Q-SVC', quantity: 1 }]);
    expect(quote.lines[0]).toMatchObject({ unitPrice: 5_000_00, priceListId: null });
    expect((await call('PUT', `/salable-ranges/${t.world.a.levels.gold}`, 'admin', { categories: ['分拣设备'], skus: [] })).status).toBe(200);
    try {
      expect((await call('GET', `/quotes/${quote.id}`, 'p1member')).body.stale).toBe(true);
      const refused = await call('POST', `/quotes/${quote.id}/reprice`, 'p1member');
      expect(refused.body).toMatchObject({ status: 409, code: 'catalog.not_salable', detail: 'Q-SVC' });
    } finally {
      await call('PUT', `/salable-ranges/${t.world.a.levels.gold}`, 'admin', { categories: ['分拣设备', '服务'], skus: [] });
    }
  });

  it('exports a quote the partner can send, as XLSX with exact amounts', async () => {
    const quote = await newQuote();
    const exportAs = async (person: Person) => fetch(`${t.app.baseUrl}/api/v1/quotes/${quote.id}/export`, { headers: { authorization: `Bearer ${await t.world.token('a', person)}` } });
    // A draft's discounts are not yet granted: what reaches a customer is an approved quote.
    expect((await exportAs('p1member')).status).toBe(409);
    await call('POST', `/quotes/${quote.id}/submit`, 'p1member');
    const res = await fetch(`${t.app.baseUrl}/api/v1/quotes/${quote.id}/export`, { headers: { authorization: `Bearer ${await t.world.token('a', 'p1member')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const rows: string[][] = [];
    for await (const row of readRows(Readable.from(Buffer.from(await res.arrayBuffer())), 'xlsx')) rows.push(row);
    expect(rows[0]).toEqual(['报价单', quote.number]);
    expect(rows.find((r) => r[1] === 'Q-SORT')).toEqual(['1', 'Q-SORT', '分拣机', '高速', '台', '2', '¥90,000.00', '¥180,000.00', '10%', '¥162,000.00']);
    const totals = rows[rows.length - 1];
    expect([totals[0], totals[7], totals[9]]).toEqual(['合计', '¥190,000.00', '¥172,000.00']);
    expect((await exportAs('p2admin')).status).toBe(404);
  });
});

describe('quotes against what changes around them', () => {
  it('recovers a quote left pending by a submission that stopped before its approval existed', async () => {
    const quote = await newQuote('p1member', [{ ...LINES[0], discountBp: 2500 }, LINES[1]]);
    const id = new Types.ObjectId(quote.id);
    await inTenant(async () => await Quote.updateOne({ _id: id }, { $set: { state: 'pending', approvalId: new Types.ObjectId(), updatedAt: new Date(Date.now() - 3 * 60_000) } }, { timestamps: false }));
    const edited = await call('PUT', `/quotes/${quote.id}`, 'p1member', { revision: 1, validUntil: inDays(9), lines: LINES });
    expect(edited.body).toMatchObject({ state: 'draft', revision: 2 });
  });

  it('re-prices for the customer\'s level today, and upstream staff get no discount without approval', async () => {
    expect((await call('POST', '/price-lists', 'admin', { name: '重点客户价', priority: 30, customerLevels: ['key'], validFrom: '2026-01-01', entries: [{ sku: 'Q-SVC', price: 4_000_00 }] })).status).toBe(201);
    const quote = await newQuote('p1member', [{ sku: 'Q-SVC', quantity: 1 }]);
    expect(quote.lines[0].unitPrice).toBe(5_000_00);
    expect((await call('PATCH', `/accounts/${quote.accountId}`, 'p1member', { customerLevel: 'key' })).status).toBe(200);
    expect((await call('GET', `/quotes/${quote.id}`, 'p1member')).body.stale).toBe(true);
    expect((await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body.code).toBe('quote.stale');
    const repriced = (await call('POST', `/quotes/${quote.id}/reprice`, 'p1member')).body;
    expect(repriced).toMatchObject({ customerLevel: 'key', stale: false });
    expect(repriced.lines[0]).toMatchObject({ unitPrice: 4_000_00, priceListName: '重点客户价' });

    const upstream = await call('POST', '/quotes', 'admin', { accountId: (await newAccount('admin')).id, validUntil: inDays(3), lines: [{ sku: 'Q-SVC', quantity: 1, discountBp: 100 }] });
    expect(upstream.body.allowanceBp).toBe(0);
    expect((await call('POST', `/quotes/${upstream.body.id}/submit`, 'admin')).body.state).toBe('pending');
  });

  it('approves a discount exactly at the allowance at once', async () => {
    const quote = await newQuote('p1member', [{ ...LINES[0], discountBp: 1500 }, LINES[1]]);
    expect((await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body.state).toBe('approved');
  });
});
