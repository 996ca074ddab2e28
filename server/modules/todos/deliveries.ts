import type { Page } from '../../../types/common';
import type { Delivery, DeliveryState } from '../../../types/inbox';
import { conflict } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { User } from '../auth';
import { InboxItem, type InboxItemDoc } from './inbox-item.model';
import { kickDelivery } from './inbox.service';

const iso = (date: Date | null) => (date ? date.toISOString() : null);
/** The tenant's whole outbox, for the admins who answer for it (the route requires outbox.manage). */
const outbox = new ScopedRepository(InboxItem, () => ({}));

function deliveryView(doc: InboxItemDoc, names: Map<string, string>): Delivery {
  return {
    id: doc._id.toHexString(),
    userId: doc.userId.toHexString(),
    userName: names.get(doc.userId.toHexString()) ?? '',
    category: doc.category,
    noticeKind: doc.noticeKind,
    title: doc.title,
    state: doc.delivery.state,
    channel: doc.delivery.channel,
    attempts: doc.delivery.attempts,
    lastError: doc.delivery.lastError,
    nextAttemptAt: iso(doc.delivery.nextAttemptAt),
    sentAt: iso(doc.delivery.sentAt),
    createdAt: doc.createdAt.toISOString(),
  };
}

async function views(docs: InboxItemDoc[]): Promise<Delivery[]> {
  const users = await User.find({ _id: { $in: docs.map((d) => d.userId) } }, { name: 1 }).lean();
  const names = new Map(users.map((u) => [u._id.toHexString(), u.name]));
  return docs.map((doc) => deliveryView(doc, names));
}

export async function listDeliveries(query: { state: DeliveryState; cursor?: string; limit: number }): Promise<Page<Delivery>> {
  const page = await outbox.page({ 'delivery.state': query.state }, query);
  return { items: await views(page.items), nextCursor: page.nextCursor };
}

/** Puts a dead letter back in the queue with a fresh count of tries. */
export async function retryDelivery(id: string): Promise<Delivery> {
  await outbox.get(id);
  const doc = await outbox.update(
    id,
    { $set: { 'delivery.state': 'pending', 'delivery.attempts': 0, 'delivery.nextAttemptAt': new Date(), 'delivery.lastError': null } },
    { 'delivery.state': 'dead' },
  );
  if (!doc) throw conflict('state.illegal_transition', 'Only a dead-lettered delivery can be retried');
  kickDelivery();
  return (await views([doc]))[0];
}


/**
 * WeChat's final word on a template message it had accepted (TEMPLATESENDJOBFINISH): a person who blocked the
 * account never saw it, so the item is marked undeliverable (the in-app copy is what they have). Runs in the tenant.
 */
export async function templateFinished(msgId: string, status: string): Promise<void> {
  if (status === 'success') return;
  await InboxItem.updateOne(
    { 'delivery.msgId': msgId, 'delivery.state': 'sent' },
    { $set: { 'delivery.state': 'undeliverable', 'delivery.lastError': `TEMPLATESENDJOBFINISH ${status}` } },
  );
}
