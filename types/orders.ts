import { z } from 'zod';
import { fen, lineInput } from './catalog';
import { objectId, pageQuery } from './common';
import { quoteLine } from './quotes';

/**
 * An order's life: a partner submits it; the upstream confirms, ships and completes it. It may be cancelled before it
 * ships (by the partner only while it is still `submitted`).
 */
export const ORDER_STATES = ['submitted', 'confirmed', 'shipped', 'completed', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** The moves each state allows; anything else is `409 state.illegal_transition`. */
export const ORDER_TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  submitted: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['completed'],
  completed: [],
  cancelled: [],
};

/** The header every order submission carries: retries of one submission send the same key and make one order. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'idempotency_key');

const delivery = {
  /** Where the goods go; the account's address when left out. */
  shippingAddress: z.string().trim().max(200).optional(),
  notes: z.string().trim().max(2000).default(''),
};
/** An order straight from the catalog: list prices only (discounts go through a quote). */
export const orderInput = z.strictObject({
  accountId: objectId,
  opportunityId: objectId.optional(),
  lines: z.array(lineInput).min(1).max(500),
  ...delivery,
});
export type OrderInput = z.input<typeof orderInput>;
/** An approved quote becoming an order: its lines and prices are the quote's. */
export const quoteOrderInput = z.strictObject(delivery);
export type QuoteOrderInput = z.input<typeof quoteOrderInput>;

export const orderTransitionInput = z
  .strictObject({
    state: z.enum(['confirmed', 'shipped', 'completed', 'cancelled']),
    comment: z.string().trim().max(500).default(''),
    /** The carrier's tracking number, when shipping. */
    trackingNumber: z.string().trim().max(60).optional(),
  })
  .refine((t) => t.state !== 'cancelled' || t.comment.length > 0, { path: ['comment'], message: 'cancel_reason' });

export const orderListQuery = pageQuery.extend({
  q: z.string().trim().max(80).optional(),
  state: z.enum(ORDER_STATES).optional(),
  accountId: objectId.optional(),
  partnerId: objectId.optional(),
});

export const order = z.object({
  id: z.string(),
  number: z.string(),
  state: z.enum(ORDER_STATES),
  accountId: z.string(),
  accountName: z.string(),
  opportunityId: z.string().nullable(),
  quoteId: z.string().nullable(),
  quoteNumber: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  lines: z.array(quoteLine),
  listTotal: fen,
  netTotal: fen,
  shippingAddress: z.string(),
  notes: z.string(),
  trackingNumber: z.string().nullable(),
  history: z.array(z.object({ state: z.enum(ORDER_STATES), by: z.string(), byName: z.string(), comment: z.string(), at: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof order>;


/** An order in a list: no lines or history, the line count instead. */
export const orderSummary = order.omit({ lines: true, history: true }).extend({ lineCount: z.number() });
export type OrderSummary = z.infer<typeof orderSummary>;
