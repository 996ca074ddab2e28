import { z } from 'zod';
import { fen, lineInput } from './catalog';
import { objectId, pageQuery, trimmed } from './common';

/**
 * A quote's life. `draft` is edited freely; submitting approves it at once when every line's discount is within the
 * partner level's allowance, otherwise it is `pending` on the "quote discount" approval. `approved` is what the
 * partner sends the customer and converts to an order (then `ordered`); `rejected` goes back to editing. Any edit
 * or re-pricing makes a new revision in `draft`. `cancelled` ends it.
 */
export const QUOTE_STATES = ['draft', 'pending', 'approved', 'rejected', 'ordered', 'cancelled'] as const;
export type QuoteState = (typeof QUOTE_STATES)[number];

/**
 * The states each action on a quote is allowed in (the server refuses the rest with a 409): a pending quote waits for
 * its approval, an ordered or cancelled one is done, and only what was approved goes to the customer.
 */
export const QUOTE_ACTION_STATES = {
  edit: ['draft', 'approved', 'rejected'],
  submit: ['draft', 'rejected'],
  cancel: ['draft', 'approved', 'rejected'],
  reprice: ['draft', 'approved', 'rejected'],
  export: ['approved', 'ordered'],
} as const satisfies Record<string, readonly QuoteState[]>;
export type QuoteAction = keyof typeof QUOTE_ACTION_STATES;
export const quoteAllows = (action: QuoteAction, state: QuoteState) => (QUOTE_ACTION_STATES[action] as readonly QuoteState[]).includes(state);

/** A quote line: a product as configured, and the discount the partner asks to give on it (basis points, 1/100 %). */
export const quoteLineInput = lineInput.extend({ discountBp: z.number().int().min(0).max(10_000).default(0) });
export type QuoteLineInput = z.input<typeof quoteLineInput>;
export type QuoteLineRequest = z.output<typeof quoteLineInput>;

const quoteFields = {
  opportunityId: objectId.optional(),
  /** The last day the offer holds for the customer (China time). */
  validUntil: z.iso.date(),
  notes: z.string().trim().max(2000).default(''),
  lines: z.array(quoteLineInput).min(1).max(500),
};
export const quoteInput = z.strictObject({ accountId: objectId, ...quoteFields });
export type QuoteInput = z.input<typeof quoteInput>;
/** A new revision of a quote; `revision` is the one it was edited from (an edit of an older one is refused). */
export const quoteRevisionInput = z.strictObject({ revision: z.number().int().min(1), ...quoteFields });
export type QuoteRevisionInput = z.input<typeof quoteRevisionInput>;

export const quoteListQuery = pageQuery.extend({
  q: z.string().trim().max(80).optional(),
  state: z.enum(QUOTE_STATES).optional(),
  accountId: objectId.optional(),
  opportunityId: objectId.optional(),
});

const pricedOption = z.object({ group: z.string(), option: z.string(), name: z.string(), priceDelta: z.number() });
export const quoteLine = z.object({
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number(),
  options: z.array(pricedOption),
  basePrice: fen,
  /** The price list's price of the product before options (the base price when no list applies). */
  listPrice: fen,
  unitPrice: fen,
  /** unitPrice × quantity. */
  total: fen,
  discountBp: z.number(),
  /** The line total after its discount, rounded half up to the fen once. */
  netTotal: fen,
  priceListId: z.string().nullable(),
  priceListName: z.string().nullable(),
});
export type QuoteLine = z.infer<typeof quoteLine>;

export const quote = z.object({
  id: z.string(),
  number: z.string(),
  revision: z.number(),
  state: z.enum(QUOTE_STATES),
  accountId: z.string(),
  accountName: z.string(),
  customerLevel: z.string(),
  opportunityId: z.string().nullable(),
  partnerId: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string(),
  validUntil: z.string(),
  notes: z.string(),
  lines: z.array(quoteLine),
  /** Sum of the line totals before discounts, and after. */
  listTotal: fen,
  netTotal: fen,
  /** The deepest line discount asked for, and what the partner's level allows without approval (basis points). */
  maxDiscountBp: z.number(),
  allowanceBp: z.number(),
  approvalId: z.string().nullable(),
  orderId: z.string().nullable(),
  pricedAt: z.string(),
  /** Only on a single quote: prices changed since it was priced, so it must be re-priced before it becomes an order. */
  stale: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Quote = z.infer<typeof quote>;

export const quoteRevision = z.object({
  revision: z.number(),
  savedAt: z.string(),
  savedBy: z.string(),
  savedByName: z.string(),
  /** Why this revision was made: created, edited, repriced. */
  cause: z.enum(['created', 'edited', 'repriced']),
  validUntil: z.string(),
  lines: z.array(quoteLine),
  listTotal: fen,
  netTotal: fen,
});
export type QuoteRevision = z.infer<typeof quoteRevision>;

export const cancelInput = z.strictObject({ reason: trimmed(200) });

/** A quote in a list: no lines, their count instead. */
export const quoteSummary = quote.omit({ lines: true, stale: true }).extend({ lineCount: z.number() });
export type QuoteSummary = z.infer<typeof quoteSummary>;
