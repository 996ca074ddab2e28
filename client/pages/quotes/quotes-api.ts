import type { Page } from '../../../types/common';
import { IDEMPOTENCY_HEADER, type Order, type QuoteOrderInput } from '../../../types/orders';
import type { Quote, QuoteInput, QuoteRevision, QuoteRevisionInput, QuoteSummary } from '../../../types/quotes';
import { downloadFile } from '../../platform/files';
import { http, type PageQuery, type Query } from '../../services/api';

/** The quotes area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const quotesApi = {
  list: (query: PageQuery) => http.call<Page<QuoteSummary>>('GET', '/quotes', { query: query as Query }),
  get: (id: string) => http.call<Quote>('GET', `/quotes/${id}`),
  create: (body: QuoteInput) => http.call<Quote>('POST', '/quotes', { body }),
  revise: (id: string, body: QuoteRevisionInput) => http.call<Quote>('PUT', `/quotes/${id}`, { body }),
  submit: (id: string) => http.call<Quote>('POST', `/quotes/${id}/submit`),
  reprice: (id: string) => http.call<Quote>('POST', `/quotes/${id}/reprice`),
  cancel: (id: string, reason: string) => http.call<Quote>('POST', `/quotes/${id}/cancel`, { body: { reason } }),
  revisions: (id: string) => http.call<QuoteRevision[]>('GET', `/quotes/${id}/revisions`),
  /** The quote as a workbook for the customer: saved by the browser, opened (to forward) in the mini-program. */
  export: (quote: Pick<Quote, 'id' | 'number'>) => http.authorized<void>((headers) => downloadFile(http.url(`/quotes/${quote.id}/export`), headers, `${quote.number}.xlsx`)),
  /** An approved quote becomes an order; `key` makes retries of one submission one order. */
  order: (id: string, body: QuoteOrderInput, key: string) =>
    http.call<Order>('POST', `/quotes/${id}/order`, { body, headers: { [IDEMPOTENCY_HEADER]: key } }),
};
