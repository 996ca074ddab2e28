import { Types } from 'mongoose';
import { PAGES, pagePath } from '../../../types/pages';
import { runAsSystem } from '../../core/context';
import type { Logger } from '../../core/logger';
import { messageChannels, type MessageChannel, type MessageSender } from '../wechat';
import { InboxItem, type InboxItemDoc } from './inbox-item.model';

export interface OutboxOptions {
  sender: MessageSender;
  /** Where H5 links in messages point (PUBLIC_URL). */
  publicUrl: string;
  logger: Logger;
  /** Tries before an item is dead-lettered. */
  maxAttempts?: number;
  /** First retry delay; each later one doubles, up to maxDelayMs, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claim holds: a worker that dies mid-send is retried after it. Longer than a send with its retries. */
  leaseMs?: number;
  /** Sends in flight per worker. */
  concurrency?: number;
}

const TIME_ZONE = 'Asia/Shanghai';
const timeText = (date: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
    .format(date)
    .replace(/\//g, '-');

/**
 * The template keywords every notice kind is sent with: a tenant binds templates whose keywords are thing1 (what),
 * thing2 (detail) and time3 (when). WeChat shows keyword values only (cut at 20 characters by the sender).
 */
export function messageFields(item: Pick<InboxItemDoc, 'title' | 'body' | 'createdAt'>): Record<string, string> {
  return { thing1: item.title, thing2: item.body || item.title, time3: timeText(item.createdAt) };
}

/** Where the message opens: the item's page, or the inbox for an item without one. */
const opensAt = (item: InboxItemDoc): string => (item.link ? pagePath(item.link) : PAGES.inbox);

/**
 * Delivers inbox items to WeChat at least once. A worker claims a batch of due items under a claim token (state →
 * sending, a lease as their next attempt), renews an item's lease as it sends it, and records the outcome only
 * under that claim, so any number of workers on any number of servers share the queue without a lock. The template message's client_msg_id is the item's id: a resend after a crash between
 * WeChat's answer and our write is dropped by WeChat, so nobody sees a template message twice. (Subscribe messages
 * have no such id in WeChat's API: for them that narrow window can show one twice.)
 */
export function createOutbox(options: OutboxOptions) {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelay = options.baseDelayMs ?? 5_000;
  const maxDelay = options.maxDelayMs ?? 3_600_000;
  const lease = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  // The claim runs across tenants, so it uses the driver's collection; each send then runs inside its tenant.
  const items = InboxItem.collection;

  /**
   * Claims up to `limit` due items in two operations: one update marks them `sending` with this claim's token and a
   * lease (an item another worker claimed meanwhile has a lease in the future and no longer matches, so each item
   * has one owner), one read fetches what this token got.
   */
  async function claimBatch(limit: number): Promise<InboxItemDoc[]> {
    const now = new Date();
    const due = { 'delivery.state': { $in: ['pending', 'sending'] }, 'delivery.nextAttemptAt': { $lte: now } };
    const candidates = await items.find(due, { projection: { _id: 1 }, sort: { 'delivery.nextAttemptAt': 1 }, limit }).toArray();
    if (!candidates.length) return [];
    const claim = new Types.ObjectId();
    await items.updateMany(
      { _id: { $in: candidates.map((c) => c._id) }, ...due },
      { $set: { 'delivery.state': 'sending', 'delivery.nextAttemptAt': new Date(now.getTime() + lease), 'delivery.claim': claim }, $inc: { 'delivery.attempts': 1 } },
    );
    return (await items.find({ 'delivery.claim': claim }).toArray()) as unknown as InboxItemDoc[];
  }

  async function renewLease(item: InboxItemDoc): Promise<boolean> {
    const { modifiedCount } = await items.updateOne(
      { _id: item._id, 'delivery.state': 'sending', 'delivery.claim': item.delivery.claim },
      { $set: { 'delivery.nextAttemptAt': new Date(Date.now() + lease) } },
    );
    return modifiedCount === 1;
  }

  /** Records the outcome only if this worker still holds the claim (still sending, same claim token). */
  async function settle(item: InboxItemDoc, set: Record<string, unknown>): Promise<void> {
    const fields = Object.fromEntries(Object.entries(set).map(([key, value]) => [`delivery.${key}`, value]));
    await items.updateOne(
      { _id: item._id, 'delivery.state': 'sending', 'delivery.claim': item.delivery.claim },
      { $set: { ...fields, 'delivery.claim': null, updatedAt: new Date() } },
    );
  }

  function retryDelay(attempts: number): number {
    const exponential = Math.min(maxDelay, baseDelay * 2 ** (attempts - 1));
    return Math.round(exponential * (0.75 + Math.random() * 0.5));
  }

  /** Sends one claimed item (inside its tenant) through the channel found for its person, and records the outcome. */
  async function deliver(item: InboxItemDoc, channel: MessageChannel | null): Promise<void> {
    if (!channel) return settle(item, { state: 'in_app', nextAttemptAt: null });
    const fields = messageFields(item);
    const page = opensAt(item);
    const result =
      channel.kind === 'official'
        ? await options.sender.template({
            appId: channel.appId,
            openid: channel.openid,
            templateId: channel.templateId,
            fields,
            clientMsgId: item._id.toHexString(),
            link: channel.miniAppId ? { miniprogram: { appid: channel.miniAppId, pagepath: page.slice(1) } } : { url: `${options.publicUrl}${page}` },
          })
        : await options.sender.subscribe({ appId: channel.appId, openid: channel.openid, templateId: channel.templateId, fields, page: page.slice(1) });
    const common = { channel: channel.kind };
    if (result.outcome === 'sent') return settle(item, { ...common, state: 'sent', msgId: result.msgid, sentAt: new Date(), nextAttemptAt: null, lastError: null });
    const error = `${result.errcode} ${result.reason}`;
    if (result.outcome === 'undeliverable') return settle(item, { ...common, state: 'undeliverable', lastError: error, nextAttemptAt: null });
    if (item.delivery.attempts >= maxAttempts) {
      options.logger.warn({ itemId: String(item._id), error }, 'outbox: retries exhausted, dead-lettered');
      return settle(item, { ...common, state: 'dead', lastError: error, nextAttemptAt: null });
    }
    return settle(item, { ...common, state: 'pending', lastError: error, nextAttemptAt: new Date(Date.now() + retryDelay(item.delivery.attempts)) });
  }

  /** One tenant's share of a batch: channels looked up together, then `concurrency` sends at a time. */
  async function deliverTenant(tenantId: string, batch: InboxItemDoc[]): Promise<void> {
    await runAsSystem(tenantId, async () => {
      const channelOf = await messageChannels([...new Map(batch.map((item) => [item.userId.toHexString(), item.userId])).values()]);
      let next = 0;
      const worker = async () => {
        for (let item = batch[next++]; item; item = batch[next++]) {
          // The lease starts again at each send, so a slow batch never outlives it; a claim lost meanwhile is not sent.
          if (!(await renewLease(item))) continue;
          await deliver(item, channelOf(item.userId, item.noticeKind)).catch((error: unknown) => {
            // A bug or the database: the lease lapses and the item is tried again.
            options.logger.error({ err: error, itemId: String(item!._id) }, 'outbox: delivery failed');
          });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    });
  }

  /** When the next retry falls due (across tenants), if any is waiting. */
  async function nextDue(): Promise<Date | null> {
    const [next] = await items.find({ 'delivery.state': { $in: ['pending', 'sending'] } }, { projection: { 'delivery.nextAttemptAt': 1 }, sort: { 'delivery.nextAttemptAt': 1 }, limit: 1 }).toArray();
    return (next as InboxItemDoc | undefined)?.delivery.nextAttemptAt ?? null;
  }

  /**
   * Delivers what is due, `concurrency` at a time, for at most `budgetMs` (a job run must end within its lock);
   * answers how many items were handled and whether it stopped with work left.
   */
  async function drain(budgetMs = Infinity): Promise<{ handled: number; more: boolean }> {
    const deadline = Date.now() + budgetMs;
    let handled = 0;
    while (Date.now() < deadline) {
      const batch = await claimBatch(concurrency * 8);
      if (!batch.length) return { handled, more: false };
      const byTenant = new Map<string, InboxItemDoc[]>();
      for (const item of batch) byTenant.set(item.tenantId.toHexString(), [...(byTenant.get(item.tenantId.toHexString()) ?? []), item]);
      for (const [tenantId, share] of byTenant) await deliverTenant(tenantId, share);
      handled += batch.length;
    }
    return { handled, more: true };
  }

  return { drain, nextDue };
}

export type Outbox = ReturnType<typeof createOutbox>;
