import type { Context } from 'koa';
import { idParams, pageOf } from '../../../types/common';
import { IDEMPOTENCY_HEADER, idempotencyKey, order, orderInput, orderListQuery, orderSummary, orderTransitionInput, quoteOrderInput } from '../../../types/orders';
import { AppError, invalid } from '../../core/errors';
import { defineRoute } from '../../core/route';
import * as service from './orders.service';

const tag = 'orders';

/** The submission's key from its header: required, so a retried submission can never make a second order. */
function keyOf(koa: Context): string {
  const value = koa.get(IDEMPOTENCY_HEADER);
  if (!value) throw new AppError(400, 'idempotency.key_required');
  const parsed = idempotencyKey.safeParse(value);
  if (!parsed.success) throw invalid([{ path: `header.${IDEMPOTENCY_HEADER}`, code: 'invalid_format', message: 'idempotency_key' }]);
  return parsed.data;
}

/** The order, marked as a replay when the key had already made it (the status stays that of the first answer). */
function answer(koa: Context, submitted: service.Submitted) {
  if (submitted.replayed) koa.set('idempotent-replayed', 'true');
  return submitted.order;
}

export const orderRoutes = [
  defineRoute({
    method: 'get', path: '/orders', action: 'sales.use', tag, summary: 'Orders visible to the caller, newest first',
    query: orderListQuery, response: pageOf(orderSummary),
    handler: ({ query }) => service.listOrders(query),
  }),
  defineRoute({
    method: 'post', path: '/orders', action: 'sales.use', tag, status: 201, summary: 'Submit an order from the catalog (Idempotency-Key header required; prices are the server\'s)',
    body: orderInput, response: order,
    handler: async ({ body, koa }) => answer(koa, await service.submitOrder(body, keyOf(koa))),
  }),
  defineRoute({
    method: 'post', path: '/quotes/:id/order', action: 'sales.use', tag, status: 201, summary: 'Turn an approved quote into an order (Idempotency-Key header required)',
    params: idParams, body: quoteOrderInput, response: order,
    handler: async ({ params, body, koa }) => answer(koa, await service.orderQuote(params.id, body, keyOf(koa))),
  }),
  defineRoute({
    method: 'get', path: '/orders/:id', action: 'sales.use', tag, summary: 'One order',
    params: idParams, response: order,
    handler: ({ params }) => service.getOrder(params.id),
  }),
  defineRoute({
    method: 'post', path: '/orders/:id/state', action: 'sales.use', tag, summary: 'Confirm, ship, complete or cancel an order',
    params: idParams, body: orderTransitionInput, response: order,
    handler: ({ params, body }) => service.transitionOrder(params.id, body),
  }),
];
