import type { Page } from '../../../types/common';
import { IDEMPOTENCY_HEADER, type Order, type OrderInput, type OrderState, type OrderSummary } from '../../../types/orders';
import { http, type PageQuery, type Query } from '../../services/api';

/** The orders area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const ordersApi = {
  list: (query: PageQuery) => http.call<Page<OrderSummary>>('GET', '/orders', { query: query as Query }),
  get: (id: string) => http.call<Order>('GET', `/orders/${id}`),
  /** An order from the catalog; `key` makes retries of one submission one order. */
  create: (body: OrderInput, key: string) => http.call<Order>('POST', '/orders', { body, headers: { [IDEMPOTENCY_HEADER]: key } }),
  move: (id: string, body: { state: Exclude<OrderState, 'submitted'>; comment: string; trackingNumber?: string }) => http.call<Order>('POST', `/orders/${id}/state`, { body }),
};
