import { z } from 'zod';
import { objectId, trimmed } from './common';
import { CUSTOMER_LEVELS } from './accounts';

/** Product pictures: JPEG, PNG or WebP, each up to this size, this many per product. */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
export const PICTURES_PER_PRODUCT = 9;

/** The largest amount anywhere (¥100 billion): sums of many of them stay exact integers in a double. */
export const FEN_MAX = 100_000_000_000_00;
/** Money is integer fen end to end (types/money.ts converts what people type and read). */
export const fen = z.number().int().min(0).max(FEN_MAX);
/** A price change an option makes, in fen; may lower the price. */
const delta = z.number().int().min(-100_000_000_00).max(100_000_000_00);
const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'catalog_key');

// ---- Configurable products (CPQ) ---------------------------------------------------------------------------------
export const productOption = z.strictObject({
  key,
  name: trimmed(40),
  priceDelta: delta.default(0),
  /** Options of any group this one cannot be chosen with. */
  excludes: z.array(key).max(20).default([]),
});

export const optionGroup = z.strictObject({
  key,
  name: trimmed(40),
  /** At least one option must be chosen. */
  required: z.boolean().default(false),
  /** More than one option may be chosen. */
  multiple: z.boolean().default(false),
  options: z.array(productOption).min(1).max(30),
});
export type OptionGroup = z.infer<typeof optionGroup>;

/** A bundle sells other products with this one, each within its quantity range per unit of the bundle. */
export const bundleItem = z.strictObject({
  sku: trimmed(40),
  minPerUnit: z.number().int().min(0).max(1000),
  maxPerUnit: z.number().int().min(1).max(1000),
}).refine((item) => item.minPerUnit <= item.maxPerUnit, { path: ['maxPerUnit'], message: 'bundle_range' });

const repeated = (values: string[]) => [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];

export const productInput = z
  .strictObject({
    sku: trimmed(40),
    name: trimmed(80),
    category: trimmed(40),
    unit: trimmed(10),
    basePrice: fen,
    description: z.string().trim().max(2000).default(''),
    optionGroups: z.array(optionGroup).max(10).default([]),
    bundle: z.array(bundleItem).max(20).default([]),
    active: z.boolean().default(true),
  })
  // Options are named by key across the whole product (exclusions name them so), so keys must be unique there.
  .superRefine((product, ctx) => {
    const groups = repeated(product.optionGroups.map((g) => g.key));
    if (groups.length) ctx.addIssue({ code: 'custom', path: ['optionGroups'], message: 'group_keys_twice', params: { list: groups.join(', ') } });
    const options = product.optionGroups.flatMap((g) => g.options.map((o) => o.key));
    const twice = repeated(options);
    if (twice.length) ctx.addIssue({ code: 'custom', path: ['optionGroups'], message: 'option_keys_twice', params: { list: twice.join(', ') } });
    product.optionGroups.forEach((group, g) =>
      group.options.forEach((option, o) => {
        const wrong = option.excludes.filter((key) => key === option.key || !options.includes(key));
        if (wrong.length) ctx.addIssue({ code: 'custom', path: ['optionGroups', g, 'options', o, 'excludes'], message: 'exclude_own_options', params: { list: wrong.join(', ') } });
      }),
    );
    const bundled = repeated(product.bundle.map((b) => b.sku));
    if (bundled.length) ctx.addIssue({ code: 'custom', path: ['bundle'], message: 'bundle_skus_twice', params: { list: bundled.join(', ') } });
  });
export type ProductInput = z.input<typeof productInput>;
export type Product = z.infer<typeof productInput>;

// ---- Price lists -------------------------------------------------------------------------------------------------
export const priceEntry = z
  .strictObject({
    sku: trimmed(40),
    /** A fixed price in fen, or a discount off the base price in basis points (1/100 of a percent). */
    price: fen.optional(),
    discountBp: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((entry) => (entry.price === undefined) !== (entry.discountBp === undefined), { path: ['price'], message: 'price_or_discount' });
export type PriceEntry = z.infer<typeof priceEntry>;

export const priceListInput = z
  .strictObject({
    name: trimmed(40),
    /** The higher wins when several lists price the same product; ties go to the list created first. */
    priority: z.number().int().min(0).max(1000),
    /** Partner levels it applies to; empty: every level. */
    partnerLevelIds: z.array(objectId).max(20).default([]),
    /** Customer levels it applies to; empty: every customer. */
    customerLevels: z.array(z.enum(CUSTOMER_LEVELS)).max(CUSTOMER_LEVELS.length).default([]),
    validFrom: z.iso.date(),
    /** The first day it no longer applies; none: open-ended. */
    validUntil: z.iso.date().optional(),
    entries: z.array(priceEntry).min(1).max(5000),
  })
  .refine((list) => !list.validUntil || list.validUntil > list.validFrom, { path: ['validUntil'], message: 'list_ends_after_start' });
export type PriceListInput = z.input<typeof priceListInput>;

/** One product line as a partner asks for it; the server prices it. */
export const lineInput = z.strictObject({
  sku: trimmed(40),
  quantity: z.number().int().min(1).max(1_000_000),
  /** Chosen options by group key. */
  options: z.record(key, z.array(key).max(30)).default({}),
});
export type LineInput = z.input<typeof lineInput>;
