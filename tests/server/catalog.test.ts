import { useWorld, type Person } from '../helpers/world';

const t = useWorld();
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });

const SORTER = {
  sku: 'AS-100', name: '自动分拣机', category: '分拣设备', unit: '台', basePrice: 120_000_00,
  optionGroups: [
    { key: 'speed', name: '速度', required: true, options: [{ key: 'std', name: '标准' }, { key: 'fast', name: '高速', priceDelta: 15_000_00, excludes: ['manual'] }] },
    { key: 'extras', name: '附加', multiple: true, options: [{ key: 'manual', name: '手动模式', priceDelta: -1_000_00 }] },
  ],
};

beforeAll(async () => {
  expect((await call('POST', '/products', 'admin', SORTER)).status).toBe(201);
  expect((await call('POST', '/products', 'admin', { sku: 'PRINTER-9', name: '标签打印机', category: '办公设备', unit: '台', basePrice: 3_000_00 })).status).toBe(201);
  const list = await call('POST', '/price-lists', 'admin', { name: '金牌价', priority: 10, partnerLevelIds: [t.world.a.levels.gold], validFrom: '2026-01-01', entries: [{ sku: 'AS-100', discountBp: 1_000 }] });
  expect(list.status).toBe(201);
  expect((await call('PUT', `/salable-ranges/${t.world.a.levels.silver}`, 'admin', { categories: ['办公设备'], skus: [] })).status).toBe(200);
});

describe('catalog and pricing', () => {
  it('prices on the server from the list that applies, and says which list priced each line', async () => {
    const res = await call('POST', '/pricing', 'p1member', { customerLevel: 'key', lines: [{ sku: 'AS-100', quantity: 2, options: { speed: ['fast'] } }, { sku: 'PRINTER-9', quantity: 1 }] });
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([
      expect.objectContaining({ sku: 'AS-100', listPrice: 108_000_00, unitPrice: 123_000_00, total: 246_000_00, priceListName: '金牌价' }),
      expect.objectContaining({ sku: 'PRINTER-9', listPrice: 3_000_00, total: 3_000_00, priceListId: null }),
    ]);
  });

  it('refuses a client-sent price, a product outside the salable range, and a configuration a rule forbids', async () => {
    const priced = await call('POST', '/pricing', 'p1member', { lines: [{ sku: 'AS-100', quantity: 1, options: { speed: ['std'] }, unitPrice: 1 }] });
    expect(priced.status).toBe(400);
    expect(priced.body.errors[0]).toMatchObject({ path: 'body.lines.0.unitPrice', code: 'unrecognized_keys' });
    const outside = await call('POST', '/pricing', 'p2admin', { lines: [{ sku: 'AS-100', quantity: 1, options: { speed: ['std'] } }] });
    expect(outside.body).toMatchObject({ status: 409, code: 'catalog.not_salable', detail: 'AS-100' });
    expect((await call('GET', '/products?limit=100', 'p2admin')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['PRINTER-9']);
    const rule = await call('POST', '/pricing', 'p1member', { lines: [{ sku: 'AS-100', quantity: 1, options: { speed: ['fast'], extras: ['manual'] } }] });
    expect(rule.status).toBe(400);
    expect(rule.body.errors).toEqual([{ path: 'body.lines.0', code: 'excluded', message: 'AS-100 / fast / manual' }]);
    expect((await call('POST', '/pricing', 'p1member', { lines: [{ sku: 'AS-100', quantity: 1 }] })).body.errors[0].code).toBe('required_group');
  });

  it('keeps the catalog for upstream admins to change, and audits price changes', async () => {
    expect((await call('POST', '/products', 'p1admin', { ...SORTER, sku: 'X-1' })).status).toBe(403);
    expect((await call('POST', '/products', 'admin', SORTER)).status).toBe(409);
    const id = (await call('GET', '/products?q=AS-100', 'admin')).body.items[0].id;
    expect((await call('PUT', `/products/${id}`, 'admin', { ...SORTER, basePrice: 125_000_00 })).status).toBe(200);
    const trail = await call('GET', `/audit?entityType=product&entityId=${id}`, 'admin');
    expect(trail.body.items[0]).toMatchObject({ action: 'product.update', before: { basePrice: 120_000_00 }, after: { basePrice: 125_000_00 } });
  });
});

describe('product pictures', () => {
  // The smallest valid PNG: a 1×1 transparent pixel.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const send = async (method: string, path: string, person: Person, body?: Buffer, type = 'image/png') =>
    fetch(`${t.app.baseUrl}/api/v1${path}`, { method, body, headers: { authorization: `Bearer ${await t.world.token('a', person)}`, ...(body ? { 'content-type': type } : {}) } });

  it('stores pictures in GridFS for those who may see the product, and refuses what is not a picture', async () => {
    const product = (await call('GET', '/products?q=AS-100', 'admin')).body.items[0];
    expect((await send('POST', `/products/${product.id}/images`, 'p1admin', PNG)).status).toBe(403);
    expect((await send('POST', `/products/${product.id}/images`, 'admin', Buffer.from('%PDF-1.4'), 'application/pdf')).status).toBe(415);
    const added = await send('POST', `/products/${product.id}/images`, 'admin', PNG);
    expect(added.status).toBe(201);
    const [imageId] = ((await added.json()) as { imageIds: string[] }).imageIds;
    const seen = await send('GET', `/products/${product.id}/images/${imageId}`, 'p1member');
    expect(seen.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await seen.arrayBuffer()).equals(PNG)).toBe(true);
    // The silver level may not sell the product, so neither it nor its pictures exist for its staff.
    expect((await send('GET', `/products/${product.id}/images/${imageId}`, 'p2admin')).status).toBe(404);
    const removed = await send('DELETE', `/products/${product.id}/images/${imageId}`, 'admin');
    expect(((await removed.json()) as { imageIds: string[] }).imageIds).toEqual([]);
    expect((await send('GET', `/products/${product.id}/images/${imageId}`, 'admin')).status).toBe(404);
  });

  it('lists the salable ranges for admins, and audits their changes', async () => {
    expect((await call('GET', '/salable-ranges', 'admin')).body).toEqual([{ levelId: t.world.a.levels.silver, categories: ['办公设备'], skus: [] }]);
    expect((await call('GET', '/salable-ranges', 'p1admin')).status).toBe(403);
    expect((await call('PUT', `/salable-ranges/${t.world.a.levels.silver}`, 'admin', { categories: [], skus: ['NOPE-1'] })).body.errors[0]).toMatchObject({ path: 'body.skus', message: '没有 SKU 为 NOPE-1 的产品' });
    const trail = await call('GET', `/audit?entityType=level&entityId=${t.world.a.levels.silver}`, 'admin');
    expect(trail.body.items[0]).toMatchObject({ action: 'salable_range.update', after: { categories: ['办公设备'], skus: [] } });
    // Without a range the level sells the whole active catalog again; with it back, only what it names.
    expect((await call('DELETE', `/salable-ranges/${t.world.a.levels.silver}`, 'admin')).status).toBe(204);
    expect((await call('GET', '/products?limit=100', 'p2admin')).body.items.map((p: { sku: string }) => p.sku)).toContain('AS-100');
    expect((await call('PUT', `/salable-ranges/${t.world.a.levels.silver}`, 'admin', { categories: ['办公设备'], skus: [] })).status).toBe(200);
  });

  it('lists the categories each caller may browse', async () => {
    expect((await call('GET', '/product-categories', 'admin')).body).toEqual(expect.arrayContaining(['分拣设备', '办公设备']));
    expect((await call('GET', '/product-categories', 'p2admin')).body).toEqual(['办公设备']);
  });
});
