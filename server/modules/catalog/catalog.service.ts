import { Types, type FilterQuery } from 'mongoose';
import type { CustomerLevel } from '../../../types/accounts';
import { FEN_MAX, lineInput, priceListInput, productInput, type Product as ProductShape } from '../../../types/catalog';
import type { Page } from '../../../types/common';
import { chinaDay } from '../../core/calendar';
import { caller } from '../../core/context';
import { AppError, conflict, invalid, type FieldProblem } from '../../core/errors';
import { containsText, ScopedRepository } from '../../core/repository';
import { audit } from '../audit/audit.service';
import { Level, Partner } from '../partners';
import { PriceList, Product, SalableRange, type PriceListDoc, type ProductDoc } from './catalog.model';
import { bundleProblems, configurationProblems, priceLine, type ListForPricing, type PricedLine } from './pricing';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);

/** A partner's level (null for upstream staff, who sell nothing themselves but may see everything). */
export async function levelOf(partnerId: string | Types.ObjectId | null | undefined): Promise<Types.ObjectId | null> {
  if (!partnerId) return null;
  return (await Partner.findOne({ _id: typeof partnerId === 'string' ? oid(partnerId) : partnerId }, { levelId: 1 }).lean())?.levelId ?? null;
}

/** What a level may sell, as a filter on products (everything active when the level has no range). */
async function salableFilter(levelId: Types.ObjectId): Promise<FilterQuery<ProductDoc>> {
  const range = await SalableRange.findOne({ levelId }).lean();
  if (!range) return { active: true };
  return { active: true, $or: [{ category: { $in: range.categories } }, { sku: { $in: range.skus } }] };
}

/** Partner staff see the active products their level may sell; upstream staff the whole catalog. */
async function visibleProducts(): Promise<FilterQuery<ProductDoc>> {
  const { partnerId } = caller();
  if (!partnerId) return {};
  const levelId = await levelOf(partnerId);
  return levelId ? salableFilter(levelId) : { _id: null };
}
export const products = new ScopedRepository(Product, visibleProducts);

export const productShape = (doc: ProductDoc): ProductShape => ({
  sku: doc.sku, name: doc.name, category: doc.category, unit: doc.unit, basePrice: doc.basePrice, description: doc.description, active: doc.active,
  optionGroups: doc.optionGroups.map((g) => ({ key: g.key, name: g.name, required: g.required, multiple: g.multiple, options: g.options.map((o) => ({ key: o.key, name: o.name, priceDelta: o.priceDelta, excludes: o.excludes })) })),
  bundle: doc.bundle.map((b) => ({ sku: b.sku, minPerUnit: b.minPerUnit, maxPerUnit: b.maxPerUnit })),
});
const productView = (doc: ProductDoc) => ({ id: hex(doc._id), ...productShape(doc), imageIds: doc.imageIds.map(hex), createdAt: doc.createdAt.toISOString(), updatedAt: doc.updatedAt.toISOString() });
export type ProductView = ReturnType<typeof productView>;

export async function listProducts(query: { q?: string; category?: string; cursor?: string; limit: number }): Promise<Page<ProductView>> {
  const filter: FilterQuery<ProductDoc> = {};
  if (query.q) filter.$or = [{ name: containsText(query.q) }, { sku: containsText(query.q) }];
  if (query.category) filter.category = query.category;
  const page = await products.page(filter, query);
  return { items: page.items.map(productView), nextCursor: page.nextCursor };
}

/** The categories of the products the caller may see, for browsing. */
export async function listCategories(): Promise<string[]> {
  return ((await Product.distinct('category', await products.scope({}))) as string[]).sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

export async function getProduct(id: string): Promise<ProductView> {
  return productView(await products.get(id));
}

/** The SKUs no product has. */
async function missingSkus(skus: string[]): Promise<string[]> {
  const wanted = [...new Set(skus)];
  if (!wanted.length) return [];
  const found = new Set((await Product.find({ sku: { $in: wanted } }, { sku: 1 }).lean()).map((p) => p.sku));
  return wanted.filter((sku) => !found.has(sku));
}

/** Bundled products must exist (and not be the product itself). */
async function checkBundle(input: ReturnType<typeof productInput.parse>): Promise<void> {
  const skus = input.bundle.map((b) => b.sku);
  if (skus.includes(input.sku)) throw invalid([{ path: 'body.bundle', code: 'invalid_reference', message: 'bundle_self' }]);
  const missing = await missingSkus(skus);
  if (missing.length) throw invalid([{ path: 'body.bundle', code: 'invalid_reference', message: 'sku_unknown', params: { list: missing.join(', ') } }]);
}

const duplicate = (what: string) => (error: unknown) => {
  if ((error as { code?: number }).code === 11000) throw conflict('resource.duplicate', `${what} exists`);
  throw error;
};

const PRICE_FIELDS = ['basePrice', 'optionGroups', 'active'] as const;

export async function createProduct(input: ReturnType<typeof productInput.parse>): Promise<ProductView> {
  await checkBundle(input);
  const created = (await Product.create(input).catch(duplicate('A product with this SKU'))).toObject() as ProductDoc;
  await audit('product.create', { type: 'product', id: created._id }, {}, created, ['sku', ...PRICE_FIELDS]);
  return productView(created);
}

/** Replaces a product; its price changes are audited (design rule 7). The SKU stays: quotes and lists refer to it. */
export async function replaceProduct(id: string, input: ReturnType<typeof productInput.parse>): Promise<ProductView> {
  const before = await products.get(id);
  if (input.sku !== before.sku) throw invalid([{ path: 'body.sku', code: 'not_allowed', message: 'sku_fixed' }]);
  await checkBundle(input);
  const updated = await Product.findOneAndUpdate({ _id: before._id }, { $set: input }, { new: true }).lean<ProductDoc>();
  await audit('product.update', { type: 'product', id: before._id }, before, updated!, PRICE_FIELDS);
  return productView(updated!);
}

// ---- Price lists --------------------------------------------------------------------------------------------------
const priceListView = (doc: PriceListDoc) => ({
  id: hex(doc._id), name: doc.name, priority: doc.priority, partnerLevelIds: doc.partnerLevelIds.map(hex), customerLevels: doc.customerLevels,
  validFrom: doc.validFrom, validUntil: doc.validUntil, entries: doc.entries.map((e) => ({ sku: e.sku, ...(e.price !== undefined && e.price !== null ? { price: e.price } : { discountBp: e.discountBp }) })),
  createdAt: doc.createdAt.toISOString(), updatedAt: doc.updatedAt.toISOString(),
});
export type PriceListView = ReturnType<typeof priceListView>;

async function checkList(input: ReturnType<typeof priceListInput.parse>): Promise<void> {
  const twice = input.entries.map((e) => e.sku).filter((sku, index, all) => all.indexOf(sku) !== index);
  if (twice.length) throw invalid([{ path: 'body.entries', code: 'duplicate', message: 'skus_twice', params: { list: [...new Set(twice)].join(', ') } }]);
  const missing = await missingSkus(input.entries.map((e) => e.sku));
  if (missing.length) throw invalid([{ path: 'body.entries', code: 'invalid_reference', message: 'sku_unknown', params: { list: missing.slice(0, 20).join(', ') } }]);
  const levels = [...new Set(input.partnerLevelIds)];
  if (levels.length && (await Level.countDocuments({ _id: { $in: levels.map(oid) } })) !== levels.length) {
    throw invalid([{ path: 'body.partnerLevelIds', code: 'invalid_reference', message: 'level_unknown' }]);
  }
}

export async function listPriceLists(): Promise<PriceListView[]> {
  return (await PriceList.find({}).sort({ priority: -1, createdAt: 1 }).lean<PriceListDoc[]>()).map(priceListView);
}

export async function createPriceList(input: ReturnType<typeof priceListInput.parse>): Promise<PriceListView> {
  await checkList(input);
  const created = (await PriceList.create({ ...input, validUntil: input.validUntil ?? null }).catch(duplicate('A price list with this name'))).toObject() as PriceListDoc;
  await audit('price_list.create', { type: 'price_list', id: created._id }, {}, created, ['name', 'priority', 'entries']);
  return priceListView(created);
}

export async function replacePriceList(id: string, input: ReturnType<typeof priceListInput.parse>): Promise<PriceListView> {
  const before = Types.ObjectId.isValid(id) ? await PriceList.findOne({ _id: oid(id) }).lean<PriceListDoc>() : null;
  if (!before) throw new AppError(404, 'resource.not_found');
  await checkList(input);
  const updated = await PriceList.findOneAndUpdate({ _id: before._id }, { $set: { ...input, validUntil: input.validUntil ?? null } }, { new: true }).lean<PriceListDoc>().catch(duplicate('A price list with this name'));
  await audit('price_list.update', { type: 'price_list', id: before._id }, before, updated!, ['name', 'priority', 'partnerLevelIds', 'customerLevels', 'validFrom', 'validUntil', 'entries']);
  return priceListView(updated!);
}

/** Every level's salable range (a level without one may sell the whole active catalog). */
export async function listSalableRanges(): Promise<{ levelId: string; categories: string[]; skus: string[] }[]> {
  return (await SalableRange.find({}).lean()).map((r) => ({ levelId: hex(r.levelId), categories: r.categories, skus: r.skus }));
}

/** A level goes back to selling the whole active catalog. */
export async function removeSalableRange(levelId: string): Promise<void> {
  if (!(await Level.exists({ _id: oid(levelId) }))) throw new AppError(404, 'resource.not_found');
  const before = await SalableRange.findOneAndDelete({ levelId: oid(levelId) }).lean();
  if (before) await audit('salable_range.remove', { type: 'level', id: levelId }, before, { categories: null, skus: null }, ['categories', 'skus']);
}

export async function setSalableRange(levelId: string, range: { categories: string[]; skus: string[] }): Promise<{ levelId: string; categories: string[]; skus: string[] }> {
  if (!(await Level.exists({ _id: oid(levelId) }))) throw new AppError(404, 'resource.not_found');
  const missing = await missingSkus(range.skus);
  if (missing.length) throw invalid([{ path: 'body.skus', code: 'invalid_reference', message: 'sku_unknown', params: { list: missing.slice(0, 20).join(', ') } }]);
  const before = await SalableRange.findOneAndUpdate({ levelId: oid(levelId) }, { $set: { ...range, updatedAt: new Date() } }, { upsert: true }).lean();
  // What a level may sell decides what its partners may quote: audited like a price change.
  await audit('salable_range.update', { type: 'level', id: levelId }, before ?? { categories: null, skus: null }, range, ['categories', 'skus']);
  return { levelId, ...range };
}

// ---- Pricing ------------------------------------------------------------------------------------------------------
export const pricingLists = async (): Promise<ListForPricing[]> =>
  (await PriceList.find({}).lean<PriceListDoc[]>()).map((l) => ({
    id: hex(l._id), name: l.name, priority: l.priority, createdAt: l.createdAt, partnerLevelIds: l.partnerLevelIds.map(hex), customerLevels: l.customerLevels,
    validFrom: l.validFrom, validUntil: l.validUntil ?? undefined,
    entries: l.entries.map((e) => (e.price !== undefined && e.price !== null ? { sku: e.sku, price: e.price } : { sku: e.sku, discountBp: e.discountBp! })),
  }));

/**
 * Prices lines as a partner level may sell them (the caller's company's level unless given: a quote is re-priced for
 * the partner that made it, whoever looks; null: upstream, the whole active catalog), for a customer of the given
 * level, today: every SKU must be in the partner's salable
 * range (`409 catalog.not_salable`, naming it), every configuration and bundle valid (`400`, each field error naming
 * its rule). Any price the client sent is not even read.
 */
export async function priceLines(
  lines: Pick<ReturnType<typeof lineInput.parse>, 'sku' | 'quantity' | 'options'>[],
  customerLevel: CustomerLevel,
  sellerLevelId?: Types.ObjectId | null,
): Promise<PricedLine[]> {
  const skus = [...new Set(lines.map((l) => l.sku))];
  const levelId = sellerLevelId === undefined ? await levelOf(caller().partnerId) : sellerLevelId;
  const salable = await Product.find(levelId ? { $and: [{ sku: { $in: skus } }, await salableFilter(levelId)] } : { sku: { $in: skus }, active: true }).lean<ProductDoc[]>();
  const bySku = new Map(salable.map((p) => [p.sku, productShape(p)]));
  const refused = skus.filter((sku) => !bySku.has(sku));
  if (refused.length) throw new AppError(409, 'catalog.not_salable', refused.join(', '));
  const problems = [
    ...lines.flatMap((line, index) => configurationProblems(bySku.get(line.sku)!, line.options).map((problem) => ({ ...problem, line: index }))),
    ...bundleProblems(bySku, lines),
  ];
  if (problems.length) {
    // A rule's message names its subjects ("sku / group / option / other"); clients word it by the rule's code.
    const errors = problems.map((p) => ({ path: `body.lines.${p.line}`, code: p.rule, message: [p.sku, p.group, p.option, p.other].filter(Boolean).join(' / ') }));
    throw new AppError(400, 'request.validation_failed', undefined, { errors });
  }
  const lists = await pricingLists();
  const ctx = { partnerLevelId: levelId ? hex(levelId) : null, customerLevel, on: chinaDay() };
  const priced = lines.map((line) => priceLine(bySku.get(line.sku)!, line, lists, ctx));
  const refusals = priced.flatMap((line, index): FieldProblem[] => {
    if (line.unitPrice < 0) return [{ path: `body.lines.${index}`, code: 'negative_price', message: 'negative_price', params: { sku: line.sku } }];
    // Amounts stay within what `fen` allows (and far inside exact integers).
    if (line.total > FEN_MAX) return [{ path: `body.lines.${index}`, code: 'too_big', message: 'line_too_big', params: { sku: line.sku } }];
    return [];
  });
  if (!refusals.length && priced.reduce((sum, line) => sum + line.total, 0) > FEN_MAX) refusals.push({ path: 'body.lines', code: 'too_big', message: 'total_too_big' });
  if (refusals.length) throw invalid(refusals);
  return priced;
}
