import { z } from 'zod';
import { idParams, pageOf } from '../../../types/common';
import { cancelInput, quote, quoteInput, quoteListQuery, quoteRevision, quoteRevisionInput, quoteSummary } from '../../../types/quotes';
import { defineRoute } from '../../core/route';
import { exportQuote } from './export';
import * as service from './quotes.service';

const noQuery = z.strictObject({});
const tag = 'quotes';

export const quoteRoutes = [
  defineRoute({
    method: 'get', path: '/quotes', action: 'sales.use', tag, summary: 'Quotes visible to the caller, newest first',
    query: quoteListQuery, response: pageOf(quoteSummary),
    handler: ({ query }) => service.listQuotes(query),
  }),
  defineRoute({
    method: 'post', path: '/quotes', action: 'sales.use', tag, status: 201, summary: 'Quote an account (a draft, priced by the server)',
    body: quoteInput, response: quote,
    handler: ({ body }) => service.createQuote(body),
  }),
  defineRoute({
    method: 'get', path: '/quotes/:id', action: 'sales.use', tag, summary: 'One quote, with whether today\'s prices differ from it',
    params: idParams, response: quote,
    handler: ({ params }) => service.getQuote(params.id),
  }),
  defineRoute({
    method: 'put', path: '/quotes/:id', action: 'sales.use', tag, summary: 'Edit a quote: its next revision, priced again, back to draft',
    params: idParams, body: quoteRevisionInput, response: quote,
    handler: ({ params, body }) => service.reviseQuote(params.id, body),
  }),
  defineRoute({
    method: 'get', path: '/quotes/:id/revisions', action: 'sales.use', tag, summary: 'Every revision of a quote, newest first',
    params: idParams, query: noQuery, response: z.array(quoteRevision),
    handler: ({ params }) => service.listRevisions(params.id),
  }),
  defineRoute({
    method: 'post', path: '/quotes/:id/submit', action: 'sales.use', tag, summary: 'Submit: approved within the level\'s discount allowance, else the quote-discount approval',
    params: idParams, response: quote,
    handler: ({ params }) => service.submitQuote(params.id),
  }),
  defineRoute({
    method: 'post', path: '/quotes/:id/reprice', action: 'sales.use', tag, summary: 'Price a quote again at today\'s prices (a new revision when they changed)',
    params: idParams, response: quote,
    handler: ({ params }) => service.repriceQuote(params.id),
  }),
  defineRoute({
    method: 'post', path: '/quotes/:id/cancel', action: 'sales.use', tag, summary: 'Cancel a quote',
    params: idParams, body: cancelInput, response: quote,
    handler: ({ params, body }) => service.cancelQuote(params.id, body.reason),
  }),
  defineRoute({
    method: 'get', path: '/quotes/:id/export', action: 'sales.use', tag, summary: 'The quote as an XLSX document to send to the customer',
    params: idParams, query: noQuery,
    handler: ({ params, koa }) => exportQuote(params.id, koa),
  }),
];
