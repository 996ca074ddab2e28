import { runAsSystem } from '../../core/context';
import type { Logger } from '../../core/logger';
import { messageChannel, type MessageSender } from '../wechat';
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

function pagePath(item: InboxItemDoc): string {
  if (!item.link) return '/pages/todos/inbox/index';
  const query = new URLSearchParams(item.link.params).toString();
  return query ? `${item.link.page}?${query}` : item.link.page;
}

/**
 * Delivers inbox items to WeChat at least once. A worker claims one due item at a time with a single conditional
 * update (state → sending, a lease as its next attempt), so any number of workers on any number of servers share
 * the queue without a lock. The template message's client_msg_id is the item's id: a resend after a crash between
 * WeChat's answer and our write is dropped by WeChat, so nobody sees a message twice.
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
   * Claims up to `limit` due items: one sorted read for candidates, then one conditional update per candidate on
   * its _id, its state and its due time, which another worker's claim would have changed (so each item has one
   * owner). Sorting once per batch rather than once per item keeps a long queue cheap.
   */
  async function claimBatch(limit: number): Promise<InboxItemDoc[]> {
    const now = new Date();
    const due = await items
      .find(
        { 'delivery.state': { $in: ['pending', 'sending'] }, 'delivery.nextAttemptAt': { $lte: now } },
        { projection: { 'delivery.state': 1, 'delivery.nextAttemptAt': 1 }, sort: { 'delivery.nextAttemptAt': 1 }, limit },
      )
      .toArray();
    const leaseUntil = new Date(now.getTime() + lease);
    const claimed = await Promise.all(
      due.map((candidate) =>
        items.findOneAndUpdate(
          { _id: candidate._id, 'delivery.state': candidate.delivery.state, 'delivery.nextAttemptAt': candidate.delivery.nextAttemptAt },
          { $set: { 'delivery.state': 'sending', 'delivery.nextAttemptAt': leaseUntil }, $inc: { 'delivery.attempts': 1 } },
          { returnDocument: 'after' },
        ),
      ),
    );
    return claimed.filter((doc): doc is NonNullable<typeof doc> => doc !== null) as unknown as InboxItemDoc[];
  }

  /** Records the outcome only if this worker still holds the claim (same attempt, still sending). */
  async function settle(item: InboxItemDoc, set: Record<string, unknown>): Promise<void> {
    const fields = Object.fromEntries(Object.entries(set).map(([key, value]) => [`delivery.${key}`, value]));
    await items.updateOne({ _id: item._id, 'delivery.state': 'sending', 'delivery.attempts': item.delivery.attempts }, { $set: { ...fields, updatedAt: new Date() } });
  }

  function retryDelay(attempts: number): number {
    const exponential = Math.min(maxDelay, baseDelay * 2 ** (attempts - 1));
    return Math.round(exponential * (0.75 + Math.random() * 0.5));
  }

  async function deliver(item: InboxItemDoc): Promise<void> {
    await runAsSystem(item.tenantId.toHexString(), async () => {
      const channel = await messageChannel(item.userId, item.noticeKind);
      if (!channel) return settle(item, { state: 'in_app', nextAttemptAt: null });
      const fields = messageFields(item);
      const page = pagePath(item);
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
      let next = 0;
      const worker = async () => {
        for (let item = batch[next++]; item; item = batch[next++]) {
          await deliver(item).catch((error: unknown) => {
            // A bug or the database: the lease lapses and the item is tried again.
            options.logger.error({ err: error, itemId: String(item!._id) }, 'outbox: delivery failed');
          });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      handled += batch.length;
    }
    return { handled, more: true };
  }

  return { drain, nextDue };
}

export type Outbox = ReturnType<typeof createOutbox>;
