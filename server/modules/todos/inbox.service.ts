import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import type { InboxCounts, InboxItem as InboxItemView, InboxLink } from '../../../types/inbox';
import type { NoticeKind } from '../../../types/wechat';
import { caller, currentContext } from '../../core/context';
import { AppError, conflict } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { InboxItem, type InboxItemDoc } from './inbox-item.model';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A person's inbox is theirs alone: admins included, nobody reads another's to-dos. */
const inbox = new ScopedRepository(InboxItem, () => ({ userId: oid(caller().userId) }));

export interface NewInboxItem {
  userId: string | Types.ObjectId;
  category: 'todo' | 'notice';
  kind: string;
  noticeKind: NoticeKind;
  /** Same key, same person → one item, however often it is raised. */
  sourceKey: string;
  title: string;
  body?: string;
  link?: InboxLink;
  dueAt?: Date;
  /** To-dos a person ticks off by hand; the others close when their item is acted on. */
  completable?: boolean;
}

/** Called after items were queued: the outbox worker picks them up sooner than its next round. */
let deliveryQueued: () => void = () => undefined;
export function onDeliveryQueued(listener: () => void): void {
  deliveryQueued = listener;
}
export const kickDelivery = () => deliveryQueued();

/**
 * Writes to-dos and notices, each with its WeChat delivery pending, in the caller's tenant. Idempotent per
 * (person, sourceKey): a retried request or a job that runs twice raises each item once.
 */
export async function raise(items: NewInboxItem[]): Promise<void> {
  if (!items.length) return;
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new Error('raise() needs a tenant in context');
  const now = new Date();
  await InboxItem.bulkWrite(
    items.map((item) => ({
      updateOne: {
        filter: { tenantId: oid(tenantId), userId: oid(item.userId), sourceKey: item.sourceKey },
        update: {
          $setOnInsert: {
            // Made here, not by the engine on upsert: lists sort by _id, and every other id comes from the app's clock.
            _id: new Types.ObjectId(),
            category: item.category,
            kind: item.kind,
            noticeKind: item.noticeKind,
            title: item.title,
            body: item.body ?? '',
            link: item.link ?? null,
            state: item.category === 'todo' ? 'open' : null,
            completable: item.category === 'todo' && Boolean(item.completable),
            dueAt: item.dueAt ?? null,
            doneAt: null,
            readAt: null,
            delivery: { state: 'pending', channel: null, attempts: 0, nextAttemptAt: now, lastError: null, msgId: null, sentAt: null, claim: null },
            createdAt: now,
            updatedAt: now,
          },
        },
        upsert: true,
      },
    })),
    { ordered: false, timestamps: false },
  ).catch((error: { code?: number; writeErrors?: { code?: number }[] }) => {
    // Two raisers racing on one key: the unique index keeps one item, which is the point.
    const codes = error.writeErrors?.map((e) => e.code) ?? [error.code];
    if (!codes.every((code) => code === 11000)) throw error;
  });
  kickDelivery();
}

/** Closes the open to-dos raised under a key (for everyone it was raised for): the step was decided, the item handled. */
export async function closeTodos(sourceKey: string, state: 'done' | 'cancelled' = 'done'): Promise<void> {
  await InboxItem.updateMany({ sourceKey, category: 'todo', state: 'open' }, { $set: { state, doneAt: new Date() } });
  // Messages not yet claimed need not go out; one being sent right now still goes (at least once).
  await InboxItem.updateMany({ sourceKey, category: 'todo', 'delivery.state': 'pending' }, { $set: { 'delivery.state': 'skipped', 'delivery.nextAttemptAt': null } });
}

export function inboxItemView(doc: InboxItemDoc): InboxItemView {
  return {
    id: doc._id.toHexString(),
    category: doc.category,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    link: doc.link,
    state: doc.state,
    dueAt: iso(doc.dueAt),
    doneAt: iso(doc.doneAt),
    readAt: iso(doc.readAt),
    completable: doc.completable,
    delivery: doc.delivery.state,
    createdAt: doc.createdAt.toISOString(),
  };
}

const pageView = (page: Page<InboxItemDoc>): Page<InboxItemView> => ({ items: page.items.map(inboxItemView), nextCursor: page.nextCursor });

export async function listTodos(query: { state: string; kind?: string; cursor?: string; limit: number }): Promise<Page<InboxItemView>> {
  const filter: FilterQuery<InboxItemDoc> = { category: 'todo', state: query.state, ...(query.kind ? { kind: query.kind } : {}) };
  return pageView(await inbox.page(filter, query));
}

export async function listNotices(query: { unread?: 'true' | 'false'; cursor?: string; limit: number }): Promise<Page<InboxItemView>> {
  const filter: FilterQuery<InboxItemDoc> = { category: 'notice', ...(query.unread === 'true' ? { readAt: null } : {}) };
  return pageView(await inbox.page(filter, query));
}

export async function counts(): Promise<InboxCounts> {
  const [openTodos, unreadNotices] = await Promise.all([
    InboxItem.countDocuments(await inbox.scope({ category: 'todo', state: 'open' })),
    InboxItem.countDocuments(await inbox.scope({ category: 'notice', readAt: null })),
  ]);
  return { openTodos, unreadNotices };
}

export async function completeTodo(id: string): Promise<InboxItemView> {
  const item = await inbox.get(id);
  if (item.category !== 'todo') throw new AppError(404, 'resource.not_found');
  if (!item.completable) throw conflict('todo.completes_by_action');
  if (item.state === 'done') return inboxItemView(item);
  const done = await inbox.update(id, { $set: { state: 'done', doneAt: new Date() } }, { state: 'open' });
  if (!done) throw conflict('state.illegal_transition', `Cannot complete a ${item.state} to-do`);
  return inboxItemView(done);
}

export async function readNotice(id: string): Promise<InboxItemView> {
  const item = await inbox.get(id);
  if (item.category !== 'notice') throw new AppError(404, 'resource.not_found');
  if (item.readAt) return inboxItemView(item);
  return inboxItemView((await inbox.update(id, { $set: { readAt: new Date() } }, { readAt: null })) ?? item);
}

export async function readAllNotices(): Promise<InboxCounts> {
  await InboxItem.updateMany(await inbox.scope({ category: 'notice', readAt: null }), { $set: { readAt: new Date() } });
  return counts();
}
