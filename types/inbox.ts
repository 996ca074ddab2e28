import { z } from 'zod';
import { pageQuery } from './common';
import { NOTICE_KINDS } from './wechat';

/**
 * A person's inbox: to-dos (something to do, open until done) and notices (something to know, unread until read).
 * Each item may also go out as a WeChat message; its delivery is tracked on the item.
 */
export const INBOX_CATEGORIES = ['todo', 'notice'] as const;
export type InboxCategory = (typeof INBOX_CATEGORIES)[number];

export const TODO_STATES = ['open', 'done', 'cancelled'] as const;
export type TodoState = (typeof TODO_STATES)[number];

/**
 * pending → sending → sent | undeliverable | in_app | dead, or pending → skipped. `in_app`: the person has no
 * WeChat channel for this kind (not bound, no template); `undeliverable`: WeChat refused for good (not following,
 * not subscribed, blocked); `dead`: retries ran out — visible to admins, who may retry; `skipped`: a to-do done
 * before its message went out (nobody needs to be told to do what is done).
 */
export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'undeliverable', 'in_app', 'dead', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Where the item leads: a page of the app (types/pages.ts), with its query; H5 links and mini-program pages alike. */
export const inboxLink = z.object({ page: z.string(), params: z.record(z.string(), z.string()) });
export type InboxLink = z.infer<typeof inboxLink>;

export const inboxItem = z.object({
  id: z.string(),
  category: z.enum(INBOX_CATEGORIES),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: inboxLink.nullable(),
  state: z.enum(TODO_STATES).nullable(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  readAt: z.string().nullable(),
  /** Whether it can be ticked off by hand (an approval to-do closes when the step is decided). */
  completable: z.boolean(),
  delivery: z.enum(DELIVERY_STATES),
  createdAt: z.string(),
});
export type InboxItem = z.infer<typeof inboxItem>;

export const todoListQuery = pageQuery.extend({ state: z.enum(TODO_STATES).default('open'), kind: z.string().max(40).optional() });
export const noticeListQuery = pageQuery.extend({ unread: z.enum(['true', 'false']).optional() });
export const inboxCounts = z.object({ openTodos: z.number(), unreadNotices: z.number() });
export type InboxCounts = z.infer<typeof inboxCounts>;

export const delivery = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  category: z.enum(INBOX_CATEGORIES),
  noticeKind: z.enum(NOTICE_KINDS),
  title: z.string(),
  state: z.enum(DELIVERY_STATES),
  channel: z.enum(['official', 'mini']).nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof delivery>;
export const deliveryListQuery = pageQuery.extend({ state: z.enum(DELIVERY_STATES).default('dead') });
