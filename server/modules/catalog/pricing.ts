import type { LineInput, PriceEntry, Product } from '../../../types/catalog';
import type { CustomerLevel } from '../../../types/accounts';

/**
 * The server prices (design rule 5): from the product, the options chosen and the price list that applies to the
 * partner and the customer on the day. Pure functions over integer fen, so every figure is exact and the rules can be
 * checked without a database. A client-sent price never enters here.
 */

export interface ListForPricing {
  id: string;
  name: string;
  priority: number;
  /** Earlier lists win ties of priority, then the smaller id: the choice never depends on read order. */
  createdAt: Date;
  partnerLevelIds: string[];
  customerLevels: CustomerLevel[];
  validFrom: string;
  validUntil?: string;
  entries: PriceEntry[];
}

export interface PricingContext {
  partnerLevelId: string | null;
  customerLevel: CustomerLevel;
  /** The day prices are for (YYYY-MM-DD, China time). */
  on: string;
}

/** A configuration a rule refuses, with the rule and what it is about, for a message that says which rule failed. */
export interface ConfigurationProblem {
  rule: 'unknown_group' | 'unknown_option' | 'required_group' | 'single_choice' | 'excluded' | 'bundle_quantity' | 'bundle_missing';
  sku: string;
  /** Which of the lines asked about (bundle rules span lines; the others concern their own). */
  line?: number;
  group?: string;
  option?: string;
  other?: string;
}

export interface PricedLine {
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  options: { group: string; option: string; name: string; priceDelta: number }[];
  basePrice: number;
  /** The product's price before options, from the list that priced it (the base price when none applies). */
  listPrice: number;
  unitPrice: number;
  total: number;
  priceListId: string | null;
  priceListName: string | null;
}

/** The configuration's problems (none: it may be sold as chosen). */
export function configurationProblems(product: Product, selection: LineInput['options'] = {}): ConfigurationProblem[] {
  const problems: ConfigurationProblem[] = [];
  const chosen: { group: string; option: string; excludes: string[] }[] = [];
  for (const [groupKey, optionKeys] of Object.entries(selection)) {
    const group = product.optionGroups.find((g) => g.key === groupKey);
    if (!group) {
      problems.push({ rule: 'unknown_group', sku: product.sku, group: groupKey });
      continue;
    }
    for (const optionKey of new Set(optionKeys)) {
      const option = group.options.find((o) => o.key === optionKey);
      if (!option) problems.push({ rule: 'unknown_option', sku: product.sku, group: groupKey, option: optionKey });
      else chosen.push({ group: groupKey, option: optionKey, excludes: option.excludes });
    }
  }
  for (const group of product.optionGroups) {
    const picked = chosen.filter((c) => c.group === group.key);
    if (group.required && !picked.length) problems.push({ rule: 'required_group', sku: product.sku, group: group.key });
    if (!group.multiple && picked.length > 1) problems.push({ rule: 'single_choice', sku: product.sku, group: group.key });
  }
  for (const a of chosen) {
    for (const b of chosen) {
      // Each pair once, whichever of the two names the other.
      if (a.option < b.option && (a.excludes.includes(b.option) || b.excludes.includes(a.option))) {
        problems.push({ rule: 'excluded', sku: product.sku, option: a.option, other: b.option });
      }
    }
  }
  return problems;
}

const applies = (list: ListForPricing, sku: string, ctx: PricingContext) =>
  list.validFrom <= ctx.on &&
  (!list.validUntil || ctx.on < list.validUntil) &&
  (!list.partnerLevelIds.length || (ctx.partnerLevelId !== null && list.partnerLevelIds.includes(ctx.partnerLevelId))) &&
  (!list.customerLevels.length || list.customerLevels.includes(ctx.customerLevel)) &&
  list.entries.some((entry) => entry.sku === sku);

/** The list that prices a product here and now: the highest priority, then the earliest created, then the smallest id. */
export function winningList(lists: readonly ListForPricing[], sku: string, ctx: PricingContext): ListForPricing | null {
  const candidates = lists.filter((list) => applies(list, sku, ctx));
  candidates.sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return candidates[0] ?? null;
}

/**
 * A discount in basis points off a price in fen, rounded half up to whole fen, in integers only (BigInt: a price
 * times 10,000 can pass 2^53 for the largest amounts, where a double would no longer be exact).
 */
export function discounted(priceFen: number, discountBp: number): number {
  return Number((BigInt(priceFen) * BigInt(10_000 - discountBp) + 5_000n) / 10_000n);
}

/** Prices one line: the list's price of the product (or its base price), plus its options' deltas, times the quantity. */
export function priceLine(product: Product, line: Pick<LineInput, 'quantity' | 'options'>, lists: readonly ListForPricing[], ctx: PricingContext): PricedLine {
  const list = winningList(lists, product.sku, ctx);
  const entry = list?.entries.find((e) => e.sku === product.sku);
  const listPrice = !entry ? product.basePrice : entry.price !== undefined ? entry.price : discounted(product.basePrice, entry.discountBp!);
  const options = Object.entries(line.options ?? {}).flatMap(([groupKey, keys]) => {
    const group = product.optionGroups.find((g) => g.key === groupKey);
    return [...new Set(keys)].flatMap((optionKey) => {
      const option = group?.options.find((o) => o.key === optionKey);
      return option ? [{ group: groupKey, option: optionKey, name: option.name, priceDelta: option.priceDelta }] : [];
    });
  });
  // May come out below zero when options take off more than the price: the caller refuses such a line.
  const unitPrice = listPrice + options.reduce((sum, o) => sum + o.priceDelta, 0);
  return {
    sku: product.sku, name: product.name, unit: product.unit, quantity: line.quantity!, options, basePrice: product.basePrice, listPrice, unitPrice,
    total: unitPrice * line.quantity!, priceListId: list?.id ?? null, priceListName: list?.name ?? null,
  };
}

/**
 * Bundles sold in a quote or order. What every line bundling a product needs of it is added up (two sorters that
 * each need one installation need two), then compared with how much of it the lines hold; a shortfall or an excess
 * is reported on each line that bundles it.
 */
export function bundleProblems(products: ReadonlyMap<string, Product>, lines: readonly Pick<LineInput, 'sku' | 'quantity'>[]): ConfigurationProblem[] {
  const held = new Map<string, number>();
  for (const line of lines) held.set(line.sku, (held.get(line.sku) ?? 0) + line.quantity!);
  const needs = new Map<string, { least: number; most: number; by: { line: number; sku: string }[] }>();
  lines.forEach((line, index) => {
    for (const item of products.get(line.sku)?.bundle ?? []) {
      const need = needs.get(item.sku) ?? { least: 0, most: 0, by: [] };
      need.least += item.minPerUnit * line.quantity!;
      need.most += item.maxPerUnit * line.quantity!;
      need.by.push({ line: index, sku: line.sku });
      needs.set(item.sku, need);
    }
  });
  const problems: ConfigurationProblem[] = [];
  for (const [other, need] of needs) {
    const have = held.get(other) ?? 0;
    if (have >= need.least && have <= need.most) continue;
    const rule = !have ? 'bundle_missing' : 'bundle_quantity';
    for (const { line, sku } of need.by) problems.push({ rule, sku, other, line });
  }
  return problems;
}
