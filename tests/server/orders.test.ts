import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { createLogger } from '../../server/core/logger';
import { Account } from '../../server/modules/accounts';
import { announceOwedOrders, Order } from '../../server/modules/orders';
import { Quote } from '../../server/modules/quotes';
import { InboxItem } from '../../server/modules/todos';
import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const call = async (method: string, path: string, person: Person, body?: unknown, headers?: Record<string, string>) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body, headers });
const inTenant = <T>(fn: () => Promise<T>) => runAsSystem(t.world.a.tenantId, fn);
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
let serial = 0;
const newKey = () => `order-test-${Date.now()}-${(serial += 1)}`;
const withKey = (key: string) => ({ 'idempotency-key': key });

const BELT = {
  sku: 'O-BELT', name: '皮带输送线', category: '输送设备', unit: '米', basePrice: 2_800_00,
  optionGroups: [{ key: 'width', name: '带宽', required: true, options: [{ key: 'w600', name: '600 mm' }, { key: 'w800', name: '800 mm', priceDelta: 450_00, excludes: ['w600'] }] }],
};
const ROBOT = { sku: 'O-ROBOT', name: '码垛机器人', category: '机器人', unit: '台', basePrice: 250_000_00 };
const BELT_LINE = { sku: 'O-BELT', quantity: 30, options: { width: ['w800'] } };

async function newAccount(person: Person) {
  serial += 1;
  const res = await call('POST', '/accounts', person, { name: `订单测试客户${serial}号装备有限公司`, region: { province: '310000', city: '310100' }, address: '上海市浦东新区张江路 1 号', acknowledgeDuplicates: true });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}
async function newOrder(person: Person = 'p1member', lines: unknown[] = [BELT_LINE]) {
  const account = await newAccount(person);
  const res = await call('POST', '/orders', person, { accountId: account.id, lines }, withKey(newKey()));
  expect(res.status).toBe(201);
  return res.body;
}
const ordersWithKey = (key: string) => inTenant(async () => await Order.countDocuments({ idempotencyKey: key }));

beforeAll(async () => {
  for (const product of [BELT, ROBOT]) expect((await call('POST', '/products', 'admin', product)).status).toBe(201);
  expect((await call('POST', '/price-lists', 'admin', { name: '银牌价', priority: 5, partnerLevelIds: [t.world.a.levels.silver], validFrom: '2026-01-01', entries: [{ sku: 'O-BELT', price: 2_600_00 }] })).status).toBe(201);
  expect((await call('PUT', `/salable-ranges/${t.world.a.levels.silver}`, 'admin', { categories: ['输送设备'], skus: [] })).status).toBe(200);
});

describe('submitting orders', () => {
  it('needs an Idempotency-Key, and prices on the server whatever the client sends', async () => {
    const account = await newAccount('p1member');
    const body = { accountId: account.id, lines: [BELT_LINE] };
    expect((await call('POST', '/orders', 'p1member', body)).body).toMatchObject({ status: 400, code: 'idempotency.key_required' });
    expect((await call('POST', '/orders', 'p1member', body, withKey('short'))).body.errors[0].path).toBe('header.idempotency-key');
    const priced = await call('POST', '/orders', 'p1member', { ...body, lines: [{ ...BELT_LINE, unitPrice: 1 }] }, withKey(newKey()));
    expect(priced.body.errors[0]).toMatchObject({ path: 'body.lines.0.unitPrice', code: 'unrecognized_keys' });
    const total = await call('POST', '/orders', 'p1member', { ...body, netTotal: 1 }, withKey(newKey()));
    expect(total.body.errors[0]).toMatchObject({ path: 'body.netTotal', code: 'unrecognized_keys' });
    const order = await call('POST', '/orders', 'p1member', body, withKey(newKey()));
    expect(order.status).toBe(201);
    // (2,800.00 + 450.00) × 30 metres, from the base price: no list applies to the gold level.
    expect(order.body).toMatchObject({ state: 'submitted', number: expect.stringMatching(/^O\d{8}-\d{4}$/), listTotal: 97_500_00, netTotal: 97_500_00, shippingAddress: '上海市浦东新区张江路 1 号' });
    expect(order.body.lines[0]).toMatchObject({ unitPrice: 3_250_00, discountBp: 0, priceListId: null, options: [{ group: 'width', option: 'w800', name: '800 mm', priceDelta: 450_00 }] });
  });

  it('refuses what the partner may not sell, and configurations a rule forbids, naming the rule', async () => {
    const account = await newAccount('p2admin');
    const outside = await call('POST', '/orders', 'p2admin', { accountId: account.id, lines: [{ sku: 'O-ROBOT', quantity: 1 }] }, withKey(newKey()));
    expect(outside.body).toMatchObject({ status: 409, code: 'catalog.not_salable', detail: 'O-ROBOT', title: '该产品不在贵公司的可售范围内' });
    const both = await call('POST', '/orders', 'p2admin', { accountId: account.id, lines: [{ ...BELT_LINE, options: { width: ['w600', 'w800'] } }] }, withKey(newKey()));
    expect(both.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['excluded', 'single_choice']);
    const none = await call('POST', '/orders', 'p2admin', { accountId: account.id, lines: [{ sku: 'O-BELT', quantity: 1 }] }, withKey(newKey()));
    expect(none.body.errors).toEqual([{ path: 'body.lines.0', code: 'required_group', message: 'O-BELT / width' }]);
    const silver = await call('POST', '/orders', 'p2admin', { accountId: account.id, lines: [BELT_LINE] }, withKey(newKey()));
    expect(silver.body.lines[0]).toMatchObject({ listPrice: 2_600_00, unitPrice: 3_050_00, priceListName: '银牌价' });
    expect(await inTenant(async () => await Order.countDocuments({ accountId: new Types.ObjectId(account.id) }))).toBe(1);
  });

  it('answers a retry with the same key with the same order, and refuses the key for anything else', async () => {
    const account = await newAccount('p1member');
    const key = newKey();
    const body = { accountId: account.id, lines: [BELT_LINE], notes: '周五前送达' };
    const first = await call('POST', '/orders', 'p1member', body, withKey(key));
    const retry = await call('POST', '/orders', 'p1member', body, withKey(key));
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const other = await call('POST', '/orders', 'p1member', { ...body, notes: '改了' }, withKey(key));
    expect(other.body).toMatchObject({ status: 422, code: 'idempotency.key_reused' });
    // Keys belong to their submitter: a co-worker's same key is a submission of their own.
    const coworker = await call('POST', '/orders', 'p1admin', body, withKey(key));
    expect(coworker.status).toBe(201);
    expect(coworker.body.id).not.toBe(first.body.id);
    expect(await ordersWithKey(key)).toBe(2);
  });

  it('makes one order of one submission sent many times at once', async () => {
    const account = await newAccount('p1member');
    for (let round = 0; round < 5; round += 1) {
      const key = newKey();
      const answers = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/orders', 'p1member', { accountId: account.id, lines: [BELT_LINE] }, withKey(key))));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await ordersWithKey(key)).toBe(1);
    }
  });

  it('makes one order of an approved quote, however many ask at once', async () => {
    const account = await newAccount('p1member');
    const quote = (await call('POST', '/quotes', 'p1member', { accountId: account.id, validUntil: inDays(10), lines: [{ ...BELT_LINE, discountBp: 500 }] })).body;
    expect((await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, withKey(newKey()))).body.code).toBe('state.illegal_transition');
    expect((await call('POST', `/quotes/${quote.id}/submit`, 'p1member')).body.state).toBe('approved');
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', `/quotes/${quote.id}/order`, 'p1member', { shippingAddress: '苏州工业园区 8 号仓' }, withKey(newKey()))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const made = answers.find((a) => a.status === 201)!.body;
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'quote.already_ordered')).toBe(true);
    expect(made).toMatchObject({ quoteId: quote.id, quoteNumber: quote.number, netTotal: quote.netTotal, shippingAddress: '苏州工业园区 8 号仓' });
    expect(made.lines[0]).toMatchObject({ discountBp: 500, netTotal: quote.lines[0].netTotal });
    expect(await inTenant(async () => await Order.countDocuments({ quoteId: new Types.ObjectId(quote.id) }))).toBe(1);
  });
});

describe('fulfilment', () => {
  const inbox = (person: Person) => inTenant(async () => await InboxItem.find({ userId: new Types.ObjectId(t.world.a.users[person]) }).lean());

  it('moves submitted → confirmed → shipped → completed, with to-dos upstream and notices to the owner', async () => {
    const order = await newOrder();
    const todo = (await inbox('manager1')).find((i) => i.sourceKey === `order:${order.id}:confirm`);
    expect(todo).toMatchObject({ category: 'todo', state: 'open', delivery: expect.objectContaining({ state: 'pending' }) });
    expect((await call('POST', `/orders/${order.id}/state`, 'p1member', { state: 'confirmed' })).status).toBe(403);
    expect((await call('POST', `/orders/${order.id}/state`, 'manager2', { state: 'confirmed' })).status).toBe(404);
    expect((await call('POST', `/orders/${order.id}/state`, 'manager1', { state: 'shipped', trackingNumber: 'SF1' })).body.code).toBe('state.illegal_transition');
    const confirmed = await call('POST', `/orders/${order.id}/state`, 'manager1', { state: 'confirmed', comment: '排产中' });
    expect(confirmed.body.state).toBe('confirmed');
    expect((await inbox('manager1')).find((i) => i.sourceKey === `order:${order.id}:confirm`)!.state).toBe('done');
    expect((await call('POST', `/orders/${order.id}/state`, 'manager1', { state: 'shipped' })).body.errors[0].path).toBe('body.trackingNumber');
    expect((await call('POST', `/orders/${order.id}/state`, 'p1member', { state: 'cancelled', comment: '不要了' })).status).toBe(403);
    await call('POST', `/orders/${order.id}/state`, 'admin', { state: 'shipped', trackingNumber: 'SF1234567890' });
    const done = (await call('POST', `/orders/${order.id}/state`, 'admin', { state: 'completed' })).body;
    expect(done).toMatchObject({ state: 'completed', trackingNumber: 'SF1234567890' });
    expect(done.history.map((h: { state: string }) => h.state)).toEqual(['submitted', 'confirmed', 'shipped', 'completed']);
    const notices = (await inbox('p1member')).filter((i) => i.sourceKey.startsWith(`order:${order.id}:`));
    expect(notices.map((n) => [n.sourceKey.split(':')[2], n.noticeKind]).sort()).toEqual([['completed', 'order_status'], ['confirmed', 'order_status'], ['shipped', 'order_status']]);
    expect(notices.find((n) => n.sourceKey.endsWith(':shipped'))!.body).toContain('SF1234567890');
    const trail = await call('GET', `/audit?entityType=order&entityId=${order.id}`, 'admin');
    expect(trail.body.items.map((a: { action: string }) => a.action)).toEqual(['order.completed', 'order.shipped', 'order.confirmed']);
  });

  it('lets the partner cancel only what nobody confirmed yet, with a reason; two deciders at once move it once', async () => {
    const order = await newOrder();
    expect((await call('POST', `/orders/${order.id}/state`, 'p1member', { state: 'cancelled' })).body.errors[0].path).toBe('body.comment');
    expect((await call('POST', `/orders/${order.id}/state`, 'p1admin', { state: 'cancelled', comment: '客户取消' })).body.state).toBe('cancelled');
    expect((await inbox('manager1')).find((i) => i.sourceKey === `order:${order.id}:confirm`)!.state).toBe('cancelled');
    expect((await call('POST', `/orders/${order.id}/state`, 'manager1', { state: 'confirmed' })).body.code).toBe('state.illegal_transition');

    // Both deciders confirm: one move whichever way the requests interleave (one after the other, the second is an
    // illegal transition; truly at once, the conditional update refuses it).
    for (let round = 0; round < 3; round += 1) {
      const raced = await newOrder();
      const answers = await Promise.all((['manager1', 'admin'] as const).map((who) => call('POST', `/orders/${raced.id}/state`, who, { state: 'confirmed' })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(['order.changed', 'state.illegal_transition']).toContain(answers.find((a) => a.status === 409)!.body.code);
      expect((await call('GET', `/orders/${raced.id}`, 'p1member')).body.history).toHaveLength(2);
    }
  });

  it('lists orders by who may see them', async () => {
    const mine = await newOrder('p2admin');
    const visible = async (person: Person) => ((await call('GET', '/orders?limit=100', person)).body.items as { id: string }[]).map((o) => o.id);
    expect(await visible('p2admin')).toContain(mine.id);
    expect(await visible('manager2')).toContain(mine.id);
    expect(await visible('admin')).toContain(mine.id);
    expect(await visible('p1admin')).not.toContain(mine.id);
    expect(await visible('manager1')).not.toContain(mine.id);
    expect((await call('GET', `/orders/${mine.id}`, 'p1member')).status).toBe(404);
    const summary = (await call('GET', '/orders?state=submitted&limit=1', 'p2admin')).body.items[0];
    expect(summary).toMatchObject({ partnerName: 'Partner Two', lineCount: 1 });
    expect(summary.lines).toBeUndefined();
  });
});

describe('a quote becoming an order, against everything else that may happen to it', () => {
  const approvedQuote = async (person: Person = 'p1member') => {
    const account = await newAccount(person);
    const quote = (await call('POST', '/quotes', person, { accountId: account.id, validUntil: inDays(10), lines: [BELT_LINE] })).body;
    expect((await call('POST', `/quotes/${quote.id}/submit`, person)).body.state).toBe('approved');
    return { quote, account };
  };
  const quoteDoc = (id: string) => inTenant(async () => await Quote.findOne({ _id: new Types.ObjectId(id) }).lean());
  const ordersOf = (id: string) => inTenant(async () => await Order.countDocuments({ quoteId: new Types.ObjectId(id) }));

  it('either orders or cancels a quote asked both at once, never both', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { quote } = await approvedQuote();
      const [ordered, cancelled] = await Promise.all([
        call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, withKey(newKey())),
        call('POST', `/quotes/${quote.id}/cancel`, 'p1member', { reason: '客户改主意' }),
      ]);
      expect([ordered.status, cancelled.status].filter((s) => s < 300)).toHaveLength(1);
      const state = (await quoteDoc(quote.id))!.state;
      expect({ state, orders: await ordersOf(quote.id) }).toEqual(ordered.status === 201 ? { state: 'ordered', orders: 1 } : { state: 'cancelled', orders: 0 });
    }
  });

  it('resumes a conversion its first attempt left half done, with the same key; another key takes over an abandoned one', async () => {
    const { quote } = await approvedQuote();
    const key = newKey();
    const me = new Types.ObjectId(t.world.a.users.p1member);
    // The first attempt claimed the quote and stopped before writing its order.
    const meant = new Types.ObjectId();
    await inTenant(async () => await Quote.updateOne({ _id: new Types.ObjectId(quote.id) }, { $set: { state: 'ordered', orderId: meant, ordering: { key, by: me, at: new Date() } } }));
    expect((await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, withKey(newKey()))).body.code).toBe('quote.already_ordered');
    const resumed = await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, withKey(key));
    expect(resumed.status).toBe(201);
    expect(resumed.body.id).toBe(meant.toHexString());
    expect(await ordersOf(quote.id)).toBe(1);

    const left = await approvedQuote();
    await inTenant(async () => await Quote.updateOne({ _id: new Types.ObjectId(left.quote.id) }, { $set: { state: 'ordered', orderId: new Types.ObjectId(), ordering: { key: 'gone-away-key', by: me, at: new Date(Date.now() - 3 * 60_000) } } }));
    const takenOver = await call('POST', `/quotes/${left.quote.id}/order`, 'p1member', {}, withKey(newKey()));
    expect(takenOver.status).toBe(201);
    expect((await quoteDoc(left.quote.id))!.orderId!.toHexString()).toBe(takenOver.body.id);
  });

  it('stops a quote whose customer is no longer the partner\'s', async () => {
    const { quote, account } = await approvedQuote();
    await inTenant(async () => await Account.updateOne({ _id: new Types.ObjectId(account.id) }, { $set: { state: 'pooled' } }));
    const refused = await call('POST', `/quotes/${quote.id}/order`, 'p1member', {}, withKey(newKey()));
    expect(refused.body).toMatchObject({ status: 409, code: 'quote.account_unavailable' });
    expect((await quoteDoc(quote.id))!.state).toBe('approved');
  });

  it('digests a submission the same way whatever order its options and fields arrive in', async () => {
    const account = await newAccount('p1member');
    const key = newKey();
    const first = await call('POST', '/orders', 'p1member', { accountId: account.id, lines: [{ sku: 'O-BELT', quantity: 2, options: { width: ['w800'] } }], notes: 'x' }, withKey(key));
    const again = await call('POST', '/orders', 'p1member', { notes: 'x', lines: [{ options: { width: ['w800'] }, quantity: 2, sku: 'O-BELT' }], accountId: account.id }, withKey(key));
    expect(again.body.id).toBe(first.body.id);
  });

  it('lets nobody confirm their own order', async () => {
    const account = await newAccount('admin');
    const own = await call('POST', '/orders', 'admin', { accountId: account.id, lines: [BELT_LINE] }, withKey(newKey()));
    expect(own.status).toBe(201);
    expect((await call('POST', `/orders/${own.body.id}/state`, 'admin', { state: 'confirmed' })).status).toBe(403);
  });
});

describe('notices a stopped request still owes', () => {
  it('are raised by the orders.announce sweep, once', async () => {
    const order = await newOrder();
    const id = new Types.ObjectId(order.id);
    // As if the request had stopped after confirming, before the owner's notice and the ship to-do were raised.
    await inTenant(async () => {
      await Order.updateOne({ _id: id }, { $set: { state: 'confirmed', announcePending: true, updatedAt: new Date(Date.now() - 120_000) }, $push: { history: { state: 'confirmed', by: new Types.ObjectId(t.world.a.users.manager1), comment: '', at: new Date() } } }, { timestamps: false });
    });
    const owed = async () => (await inTenant(async () => await InboxItem.find({ sourceKey: { $in: [`order:${order.id}:confirmed`, `order:${order.id}:ship`] } }).lean())).map((i) => i.sourceKey).sort();
    expect(await owed()).toEqual([]);
    expect(await announceOwedOrders(createLogger('silent'))).toBeGreaterThanOrEqual(1);
    expect(await owed()).toEqual([`order:${order.id}:confirmed`, `order:${order.id}:ship`]);
    expect((await inTenant(async () => await Order.findOne({ _id: id }).lean()))!.announcePending).toBe(false);
    expect(await announceOwedOrders(createLogger('silent'))).toBe(0);
  });
});
