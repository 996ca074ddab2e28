import { z } from 'zod';
import { idParams, pageOf } from '../../../types/common';
import { delivery, deliveryListQuery, inboxCounts, inboxItem, noticeListQuery, todoListQuery } from '../../../types/inbox';
import { defineRoute } from '../../core/route';
import { listDeliveries, retryDelivery } from './deliveries';
import * as inbox from './inbox.service';

const tag = 'inbox';

export const todoRoutes = [
  defineRoute({
    method: 'get', path: '/inbox/counts', action: 'inbox.use', tag, summary: 'Badge counts: open to-dos and unread notices',
    query: z.strictObject({}), response: inboxCounts,
    handler: () => inbox.counts(),
  }),
  defineRoute({
    method: 'get', path: '/inbox/todos', action: 'inbox.use', tag, summary: 'My to-dos, newest first',
    query: todoListQuery, response: pageOf(inboxItem),
    handler: ({ query }) => inbox.listTodos(query),
  }),
  defineRoute({
    method: 'post', path: '/inbox/todos/:id/complete', action: 'inbox.use', tag, summary: 'Tick off a to-do that is done by hand',
    params: idParams, response: inboxItem,
    handler: ({ params }) => inbox.completeTodo(params.id),
  }),
  defineRoute({
    method: 'get', path: '/inbox/notices', action: 'inbox.use', tag, summary: 'My notices, newest first',
    query: noticeListQuery, response: pageOf(inboxItem),
    handler: ({ query }) => inbox.listNotices(query),
  }),
  defineRoute({
    method: 'post', path: '/inbox/notices/:id/read', action: 'inbox.use', tag, summary: 'Mark a notice read',
    params: idParams, response: inboxItem,
    handler: ({ params }) => inbox.readNotice(params.id),
  }),
  defineRoute({
    method: 'post', path: '/inbox/notices/read-all', action: 'inbox.use', tag, summary: 'Mark all my notices read',
    response: inboxCounts,
    handler: () => inbox.readAllNotices(),
  }),
  defineRoute({
    method: 'get', path: '/outbox', action: 'outbox.manage', tag, summary: 'WeChat deliveries in one state (dead letters by default)',
    query: deliveryListQuery, response: pageOf(delivery),
    handler: ({ query }) => listDeliveries(query),
  }),
  defineRoute({
    method: 'post', path: '/outbox/:id/retry', action: 'outbox.manage', tag, summary: 'Queue a dead-lettered delivery again',
    params: idParams, response: delivery,
    handler: ({ params }) => retryDelivery(params.id),
  }),
];
