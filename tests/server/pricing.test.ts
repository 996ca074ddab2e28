import { productInput, type Product } from '../../types/catalog';
import { checkInput } from '../../types/field-messages';
import type { Locale } from '../../types/locale';
import { bundleProblems, configurationProblems, discounted, priceLine, winningList, type ListForPricing } from '../../server/modules/catalog/pricing';

const GOLD = '000000000000000000000001';
const SILVER = '000000000000000000000002';

const sorter: Product = productInput.parse({
  sku: 'AS-100', name: '自动分拣机', category: '分拣设备', unit: '台', basePrice: 120_000_00,
  optionGroups: [
    { key: 'speed', name: '速度', required: true, options: [{ key: 'std', name: '标准' }, { key: 'fast', name: '高速', priceDelta: 15_000_00, excludes: ['manual'] }] },
    { key: 'extras', name: '附加', multiple: true, options: [{ key: 'scanner', name: '扫码枪', priceDelta: 2_500_00 }, { key: 'manual', name: '手动模式', priceDelta: -1_000_00 }, { key: 'ups', name: '不间断电源', priceDelta: 3_300_33 }] },
  ],
  bundle: [{ sku: 'BELT-1', minPerUnit: 2, maxPerUnit: 4 }],
});
const belt: Product = productInput.parse({ sku: 'BELT-1', name: '输送带', category: '配件', unit: '条', basePrice: 8_000_00 });

const list = (fields: Partial<ListForPricing> & Pick<ListForPricing, 'id' | 'priority' | 'entries'>): ListForPricing => ({
  name: fields.id, createdAt: new Date('2026-01-01'), partnerLevelIds: [], customerLevels: [], validFrom: '2026-01-01', ...fields,
});
const ctx = { partnerLevelId: GOLD, customerLevel: 'key' as const, on: '2026-11-30' };

describe('configurations', () => {
  it('accepts a valid configuration', () => {
    expect(configurationProblems(sorter, { speed: ['fast'], extras: ['scanner', 'ups'] })).toEqual([]);
  });

  it('says which rule a configuration breaks', () => {
    expect(configurationProblems(sorter, {})).toEqual([{ rule: 'required_group', sku: 'AS-100', group: 'speed' }]);
    expect(configurationProblems(sorter, { speed: ['std', 'fast'] })).toEqual([{ rule: 'single_choice', sku: 'AS-100', group: 'speed' }]);
    expect(configurationProblems(sorter, { speed: ['fast'], extras: ['manual'] })).toEqual([{ rule: 'excluded', sku: 'AS-100', option: 'fast', other: 'manual' }]);
    expect(configurationProblems(sorter, { speed: ['turbo'], colour: ['red'] })).toEqual([
      { rule: 'unknown_option', sku: 'AS-100', group: 'speed', option: 'turbo' },
      { rule: 'unknown_group', sku: 'AS-100', group: 'colour' },
      { rule: 'required_group', sku: 'AS-100', group: 'speed' },
    ]);
  });

  it('checks bundled quantities per unit of the bundle, added up over every line that bundles the same product', () => {
    const compact = productInput.parse({ ...sorter, sku: 'AS-50', bundle: [{ sku: 'BELT-1', minPerUnit: 1, maxPerUnit: 1 }] });
    const products = new Map([[sorter.sku, sorter], [belt.sku, belt], [compact.sku, compact]]);
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 2 }, { sku: 'BELT-1', quantity: 6 }])).toEqual([]);
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 2 }, { sku: 'BELT-1', quantity: 3 }])).toEqual([{ rule: 'bundle_quantity', sku: 'AS-100', other: 'BELT-1', line: 0 }]);
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 1 }, { sku: 'BELT-1', quantity: 5 }])).toEqual([{ rule: 'bundle_quantity', sku: 'AS-100', other: 'BELT-1', line: 0 }]);
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 1 }])).toEqual([{ rule: 'bundle_missing', sku: 'AS-100', other: 'BELT-1', line: 0 }]);
    // One sorter needs 2–4 belts and one compact sorter exactly 1: 3–5 belts in all.
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 1 }, { sku: 'AS-50', quantity: 1 }, { sku: 'BELT-1', quantity: 3 }])).toEqual([]);
    expect(bundleProblems(products, [{ sku: 'AS-100', quantity: 1 }, { sku: 'AS-50', quantity: 1 }, { sku: 'BELT-1', quantity: 2 }])).toEqual([
      { rule: 'bundle_quantity', sku: 'AS-100', other: 'BELT-1', line: 0 },
      { rule: 'bundle_quantity', sku: 'AS-50', other: 'BELT-1', line: 1 },
    ]);
    // The same product on two lines (two configurations): each line's share counts.
    expect(bundleProblems(products, [{ sku: 'AS-50', quantity: 1 }, { sku: 'AS-50', quantity: 1 }, { sku: 'BELT-1', quantity: 2 }])).toEqual([]);
  });

  it('refuses products whose options or bundles could not be sold as configured', () => {
    const messages = (input: unknown, locale: Locale = 'en-US') => {
      const result = checkInput(productInput, input, locale);
      return result.success ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
    };
    const group = (key: string, options: { key: string; excludes?: string[] }[]) => ({ key, name: key, options: options.map((o) => ({ name: o.key, ...o })) });
    expect(messages({ ...sorter, optionGroups: [group('a', [{ key: 'x' }]), group('a', [{ key: 'y' }])] })).toEqual(['optionGroups: Group keys appear twice: a']);
    expect(messages({ ...sorter, optionGroups: [group('a', [{ key: 'x' }]), group('b', [{ key: 'x' }])] })).toEqual(['optionGroups: Option keys appear twice in this product: x']);
    expect(messages({ ...sorter, optionGroups: [group('a', [{ key: 'x', excludes: ['x', 'nope'] }])] })).toEqual(['optionGroups.0.options.0.excludes: Exclude other options of this product, not x, nope']);
    expect(messages({ ...sorter, bundle: [{ sku: 'B', minPerUnit: 1, maxPerUnit: 1 }, { sku: 'B', minPerUnit: 0, maxPerUnit: 2 }] })).toEqual(['bundle: Bundled SKUs appear twice: B']);
    expect(messages({ ...sorter, optionGroups: [group('a', [{ key: 'x', excludes: ['x', 'nope'] }])] }, 'zh-CN')).toEqual(['optionGroups.0.options.0.excludes: 只能排除本产品的其他选项，不能排除 x, nope']);
  });
});

describe('price lists', () => {
  const lists = [
    list({ id: 'general', priority: 1, entries: [{ sku: 'AS-100', discountBp: 500 }] }),
    list({ id: 'gold', priority: 10, partnerLevelIds: [GOLD], entries: [{ sku: 'AS-100', discountBp: 1_250 }] }),
    list({ id: 'gold-key-promo', priority: 20, partnerLevelIds: [GOLD], customerLevels: ['key', 'strategic'], validFrom: '2026-11-01', validUntil: '2026-12-01', entries: [{ sku: 'AS-100', price: 99_999_99 }] }),
    list({ id: 'silver', priority: 10, partnerLevelIds: [SILVER], entries: [{ sku: 'AS-100', discountBp: 800 }] }),
  ];

  it('takes the highest priority among the lists that apply, and says which one priced it', () => {
    expect(winningList(lists, 'AS-100', ctx)?.id).toBe('gold-key-promo');
    expect(winningList(lists, 'AS-100', { ...ctx, customerLevel: 'normal' })?.id).toBe('gold');
    expect(winningList(lists, 'AS-100', { ...ctx, partnerLevelId: SILVER })?.id).toBe('silver');
    expect(winningList(lists, 'AS-100', { ...ctx, partnerLevelId: null })?.id).toBe('general');
    expect(winningList(lists, 'BELT-1', ctx)).toBeNull();
  });

  it('applies a list only within its validity window (from its first day, until the day it ends)', () => {
    expect(winningList(lists, 'AS-100', { ...ctx, on: '2026-11-01' })?.id).toBe('gold-key-promo');
    expect(winningList(lists, 'AS-100', { ...ctx, on: '2026-10-31' })?.id).toBe('gold');
    expect(winningList(lists, 'AS-100', { ...ctx, on: '2026-12-01' })?.id).toBe('gold');
    expect(winningList(lists, 'AS-100', { ...ctx, on: '2025-12-31' })).toBeNull();
  });

  it('breaks ties the same way every time: the earlier list, then the smaller id', () => {
    const tied = [
      list({ id: 'b', priority: 5, createdAt: new Date('2026-03-01'), entries: [{ sku: 'AS-100', price: 1 }] }),
      list({ id: 'c', priority: 5, createdAt: new Date('2026-02-01'), entries: [{ sku: 'AS-100', price: 2 }] }),
      list({ id: 'a', priority: 5, createdAt: new Date('2026-02-01'), entries: [{ sku: 'AS-100', price: 3 }] }),
    ];
    expect(winningList(tied, 'AS-100', ctx)?.id).toBe('a');
    expect(winningList([...tied].reverse(), 'AS-100', ctx)?.id).toBe('a');
  });
});

describe('prices in whole fen', () => {
  it('rounds a discount half up without floating point', () => {
    expect(discounted(120_000_00, 1_250)).toBe(105_000_00);
    expect(discounted(333, 5_000)).toBe(167); // 166.5 → 167
    expect(discounted(1, 4_999)).toBe(1); // 0.5001 → 1
    expect(discounted(99_999_999_99, 1)).toBe(99_989_999_99); // 9,998,999,999.0001 → 9,998,999,999
    expect(discounted(100_000_000_000_00, 3_333)).toBe(66_670_000_000_00); // past 2^53 once multiplied: still exact
  });

  it('prices a configured line from the list, plus its options, times the quantity', () => {
    const lists = [list({ id: 'gold', priority: 10, partnerLevelIds: [GOLD], entries: [{ sku: 'AS-100', discountBp: 1_250 }] })];
    const priced = priceLine(sorter, { quantity: 3, options: { speed: ['fast'], extras: ['scanner', 'ups'] } }, lists, ctx);
    expect(priced).toMatchObject({ basePrice: 120_000_00, listPrice: 105_000_00, unitPrice: 105_000_00 + 15_000_00 + 2_500_00 + 3_300_33, priceListId: 'gold', priceListName: 'gold' });
    expect(priced.total).toBe(377_400_99); // 3 × 125,800.33
    expect(priceLine(belt, { quantity: 2, options: {} }, lists, ctx)).toMatchObject({ listPrice: 8_000_00, total: 16_000_00, priceListId: null });
  });
});
