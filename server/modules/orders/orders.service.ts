import { createHash } from 'node:crypto';
import { Types, type FilterQuery } from 'mongoose';
import type { Page } from '../../../types/common';
import { formatFen } from '../../../types/money';
import { ORDER_TRANSITIONS, type Order as OrderView, type OrderState, type OrderSummary, type orderInput, type orderListQuery, type orderTransitionInput, type quoteOrderInput } from '../../../types/orders';
import { PAGES } from '../../../types/pages';
import { chinaDay } from '../../core/calendar';
import { caller, runAsSystem } from '../../core/context';
import type { Logger } from '../../core/logger';
import { AppError, conflict, forbidden, illegalTransition, invalid } from '../../core/errors';
import { containsText, ScopedRepository } from '../../core/repository';
import { nextNumber } from '../../core/sequence';
import { accounts } from '../accounts/accounts.policy';
import { audit } from '../audit/audit.service';
import { User, userNames } from '../auth';
import { priceLines } from '../catalog/catalog.service';
import { Partner } from '../partners';
import { managedPartnerIds, salesVisibility } from '../partners/partners.policy';
import { checkCurrent, checkOpportunity, claimForOrder, HANDOVER_MS, linesOf, Quote, quotedAccount, quoteFor, releaseOrderClaim, type QuoteDoc } from '../quotes';
import type { AccountDoc } from '../accounts/account.model';
import { closeTodos, raise, type NewInboxItem } from '../todos';
import { Order, type OrderDoc } from './order.model';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && hex(a) === b);

// ---- Who sees and does what ---------------------------------------------------------------------------------------
export const orders = new ScopedRepository(Order, () => salesVisibility() as Promise<FilterQuery<OrderDoc>>);

/**
 * Admins fulfil every order, a channel manager their partners'; nobody their own (an upstream person's own order
 * is confirmed by someone else).
 */
async function fulfils(doc: OrderDoc): Promise<boolean> {
  const { roles, userId } = caller();
  if (same(doc.ownerId, userId) || same(doc.submittedBy, userId)) return false;
  if (roles.includes('admin')) return true;
  return roles.includes('channel_manager') && Boolean(doc.partnerId) && (await managedPartnerIds()).has(hex(doc.partnerId!));
}

/** The order's owner and their partner admin may cancel it while nobody has confirmed it yet. */
function holds(doc: OrderDoc): boolean {
  const { roles, userId, partnerId } = caller();
  return same(doc.ownerId, userId) || (roles.includes('partner_admin') && same(doc.partnerId, partnerId));
}

/** The selling partner as a submission needs it: read once for pricing, the answer and the to-dos. */
interface Seller {
  _id: Types.ObjectId;
  name: string;
  levelId: Types.ObjectId;
  channelManagerId: Types.ObjectId | null;
}
const sellerOf = async (partnerId: Types.ObjectId | null): Promise<Seller | null> =>
  partnerId ? Partner.findOne({ _id: partnerId }, { name: 1, levelId: 1, channelManagerId: 1 }).lean<Seller>() : null;

// ---- Views ----------------------------------------------------------------------------------------------------------
/** The people and partners the orders name (a seller already read is not read again). */
async function names(docs: OrderDoc[], seller?: Seller | null) {
  const partnerIds = [...new Set(docs.flatMap((d) => (d.partnerId && !(seller && d.partnerId.equals(seller._id)) ? [hex(d.partnerId)] : [])))].map(oid);
  const [people, partners] = await Promise.all([
    userNames(docs.flatMap((d) => [d.ownerId, ...d.history.map((h) => h.by)])),
    partnerIds.length ? Partner.find({ _id: { $in: partnerIds } }, { name: 1 }).lean() : [],
  ]);
  return { people, partners: new Map([...partners, ...(seller ? [seller] : [])].map((p) => [hex(p._id), p.name])) };
}

function summaryOf(doc: OrderDoc, known: Awaited<ReturnType<typeof names>>): Omit<OrderView, 'lines' | 'history'> {
  return {
    id: hex(doc._id), number: doc.number, state: doc.state, accountId: hex(doc.accountId), accountName: doc.accountName,
    opportunityId: doc.opportunityId ? hex(doc.opportunityId) : null, quoteId: doc.quoteId ? hex(doc.quoteId) : null, quoteNumber: doc.quoteNumber,
    partnerId: doc.partnerId ? hex(doc.partnerId) : null, partnerName: doc.partnerId ? known.partners.get(hex(doc.partnerId)) ?? '' : '',
    ownerId: hex(doc.ownerId), ownerName: known.people.get(hex(doc.ownerId)) ?? '', listTotal: doc.listTotal, netTotal: doc.netTotal,
    shippingAddress: doc.shippingAddress, notes: doc.notes, trackingNumber: doc.trackingNumber, createdAt: doc.createdAt.toISOString(), updatedAt: doc.updatedAt.toISOString(),
  };
}

async function orderView(doc: OrderDoc, seller?: Seller | null): Promise<OrderView> {
  const known = await names([doc], seller);
  return {
    ...summaryOf(doc, known),
    lines: linesOf(doc.lines),
    history: doc.history.map((h) => ({ state: h.state, by: hex(h.by), byName: known.people.get(hex(h.by)) ?? '', comment: h.comment, at: h.at.toISOString() })),
  };
}

export async function listOrders(query: ReturnType<typeof orderListQuery.parse>): Promise<Page<OrderSummary>> {
  const filter: FilterQuery<OrderDoc> = {};
  if (query.q) filter.$or = [{ number: containsText(query.q) }, { accountName: containsText(query.q) }];
  if (query.state) filter.state = query.state;
  if (query.accountId) filter.accountId = oid(query.accountId);
  if (query.partnerId) filter.partnerId = oid(query.partnerId);
  const page = await orders.page(filter, query);
  const known = await names(page.items);
  return { items: page.items.map((doc) => ({ ...summaryOf(doc, known), lineCount: doc.lines.length })), nextCursor: page.nextCursor };
}

export async function getOrder(id: string): Promise<OrderView> {
  return orderView(await orders.get(id));
}

// ---- Submitting, once per key ---------------------------------------------------------------------------------------
/** A submission's result and whether it is a replay of an earlier one with the same key. */
export interface Submitted {
  order: OrderView;
  replayed: boolean;
}

/**
 * The submission with its object keys sorted and each group's chosen options sorted (they are a set), so the same
 * submission digests the same however a client orders them.
 */
function canonical(value: unknown, within?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return within === 'chosen' ? items.sort() : items;
  }
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, canonical(record[key], within === 'options' ? 'chosen' : key)]));
}
const digestOf = (what: unknown) => createHash('sha256').update(JSON.stringify(canonical(what))).digest('base64url');

/**
 * The order already made under this key by the caller: the same submission gets it back (and whatever the first
 * attempt may not have finished is finished); a different one under a used key is refused, so a key never stands
 * for two things.
 */
async function earlier(key: string, digest: string): Promise<Submitted | null> {
  const found = await Order.findOne({ submittedBy: oid(caller().userId), idempotencyKey: key }).lean<OrderDoc>();
  if (!found) return null;
  if (found.requestDigest !== digest) throw new AppError(422, 'idempotency.key_reused');
  if (found.announcePending) await announceOwed(found);
  return { order: await orderView(found), replayed: true };
}

type NewOrder = Pick<OrderDoc, 'accountId' | 'accountName' | 'opportunityId' | 'quoteId' | 'quoteNumber' | 'partnerId' | 'ownerId' | 'lines' | 'listTotal' | 'netTotal' | 'shippingAddress' | 'notes'>;

/**
 * Inserts the order under its key. Two submissions with one key racing here meet on the unique index: the loser
 * answers the winner's order.
 */
async function insertOnce(fields: NewOrder, seller: Seller | null, key: string, digest: string, _id = new Types.ObjectId()): Promise<Submitted> {
  const me = oid(caller().userId);
  try {
    const created = await Order.create({
      ...fields, _id, sourceKey: fields.quoteId ? `quote:${hex(fields.quoteId)}` : `order:${hex(_id)}`, number: await nextNumber('O'), state: 'submitted',
      submittedBy: me, trackingNumber: null, idempotencyKey: key, requestDigest: digest, announcePending: true,
      history: [{ state: 'submitted', by: me, comment: '', at: new Date() }],
    });
    const doc = created.toObject() as OrderDoc;
    await announceOwed(doc, seller);
    return { order: await orderView(doc, seller), replayed: false };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    const replay = await earlier(key, digest);
    if (replay) return replay;
    throw error;
  }
}

/** An order straight from the catalog, at today's list prices for the caller's company (no discount without a quote). */
export async function submitOrder(input: ReturnType<typeof orderInput.parse>, key: string): Promise<Submitted> {
  const digest = digestOf({ direct: input });
  const replay = await earlier(key, digest);
  if (replay) return replay;
  const account = await accounts.get(input.accountId).catch(() => null);
  if (account?.state !== 'active') throw invalid([{ path: 'body.accountId', code: 'invalid_reference', message: 'account_held' }]);
  await checkOpportunity(input.opportunityId, account._id);
  const { partnerId, userId } = caller();
  const seller = await sellerOf(partnerId ? oid(partnerId) : null);
  const priced = await priceLines(input.lines, account.customerLevel, seller?.levelId ?? null);
  const lines = priced.map((line) => ({ ...line, discountBp: 0, netTotal: line.total }));
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  return insertOnce(
    {
      accountId: account._id, accountName: account.name, opportunityId: input.opportunityId ? oid(input.opportunityId) : null, quoteId: null, quoteNumber: null,
      partnerId: seller?._id ?? null, ownerId: oid(userId), lines, listTotal: total, netTotal: total, shippingAddress: input.shippingAddress ?? account.address, notes: input.notes,
    },
    seller,
    key,
    digest,
  );
}

/**
 * An approved quote becomes an order in one step, at the quote's prices and approved discounts, while the customer
 * is still the partner's and today's prices are still the quote's (`409 quote.stale`: re-price it first). The quote
 * is claimed before the order is written, so it makes one order and cannot change meanwhile; the order is the
 * quote owner's. A retry with the same key resumes a claim its first attempt left; another submission takes over a
 * claim left for HANDOVER_MS without an order.
 */
export async function orderQuote(quoteId: string, input: ReturnType<typeof quoteOrderInput.parse>, key: string): Promise<Submitted> {
  const digest = digestOf({ quoteId, input });
  const replay = await earlier(key, digest);
  if (replay) return replay;
  const quote: QuoteDoc = await quoteFor(quoteId, 'order', ['approved', 'ordered']);
  let orderId = new Types.ObjectId();
  let account: AccountDoc | null = null;
  const resuming = quote.state === 'ordered' && quote.ordering?.key === key && same(quote.ordering.by, caller().userId);
  if (resuming) orderId = quote.orderId!;
  else {
    const abandoned = quote.state === 'ordered' && (quote.ordering?.at.getTime() ?? 0) < Date.now() - HANDOVER_MS && !(await Order.exists({ _id: quote.orderId }));
    if (quote.state === 'ordered' && !abandoned) throw conflict('quote.already_ordered');
    if (quote.validUntil < chinaDay()) throw conflict('quote.expired');
    account = await quotedAccount(quote);
    await checkCurrent(quote, account);
    if (!(await claimForOrder(quote, key, orderId, abandoned ? quote.orderId! : undefined))) {
      const now = await Quote.findOne({ _id: quote._id }, { state: 1 }).lean();
      throw conflict(now?.state === 'ordered' ? 'quote.already_ordered' : 'quote.changed');
    }
  }
  account ??= await accounts.get(hex(quote.accountId)).catch(() => null);
  try {
    return await insertOnce(
      {
        accountId: quote.accountId, accountName: quote.accountName, opportunityId: quote.opportunityId, quoteId: quote._id, quoteNumber: quote.number,
        partnerId: quote.partnerId, ownerId: quote.ownerId, lines: quote.lines, listTotal: quote.listTotal, netTotal: quote.netTotal,
        shippingAddress: input.shippingAddress ?? account?.address ?? '', notes: input.notes,
      },
      await sellerOf(quote.partnerId),
      key,
      digest,
      orderId,
    );
  } catch (error) {
    // Written by nobody: the quote is approved again (a crash here is recovered by the retry or the handover).
    if (!(await Order.exists({ _id: orderId }))) await releaseOrderClaim(quote._id, orderId);
    throw error;
  }
}

// ---- Fulfilment -----------------------------------------------------------------------------------------------------
/**
 * Moves an order along its states (ORDER_TRANSITIONS), in one conditional update so two people acting at once cannot
 * both move it: the upstream confirms, ships and completes; the partner may cancel only what is still submitted.
 */
export async function transitionOrder(id: string, input: ReturnType<typeof orderTransitionInput.parse>): Promise<OrderView> {
  const doc = await orders.get(id);
  if (!ORDER_TRANSITIONS[doc.state].includes(input.state)) throw illegalTransition(doc.state, input.state);
  const upstream = await fulfils(doc);
  const allowed = upstream || (input.state === 'cancelled' && doc.state === 'submitted' && holds(doc));
  if (!allowed) throw forbidden();
  if (input.state === 'shipped' && !input.trackingNumber) throw invalid([{ path: 'body.trackingNumber', code: 'too_small', message: 'tracking_number' }]);
  const me = oid(caller().userId);
  const updated = await Order.findOneAndUpdate(
    { _id: doc._id, state: doc.state },
    {
      $set: { state: input.state, announcePending: true, ...(input.state === 'shipped' ? { trackingNumber: input.trackingNumber } : {}) },
      $push: { history: { state: input.state, by: me, comment: input.comment, at: new Date() } },
    },
    { new: true },
  ).lean<OrderDoc>();
  if (!updated) throw conflict('order.changed');
  await audit(`order.${input.state}`, { type: 'order', id: doc._id }, doc, updated, ['state', 'trackingNumber']);
  await announceOwed(updated);
  return orderView(updated);
}

// ---- Notices ----------------------------------------------------------------------------------------------------------
const STATE_TEXT: Record<OrderState, string> = { submitted: '已提交', confirmed: '已确认', shipped: '已发货', completed: '已完成', cancelled: '已取消' };

/** Who acts on a partner's order upstream: its channel manager, or the admins when it has none. */
async function fulfillers(doc: OrderDoc, seller?: Seller | null): Promise<Types.ObjectId[]> {
  const partner = seller && doc.partnerId?.equals(seller._id) ? seller : doc.partnerId ? await Partner.findOne({ _id: doc.partnerId }, { channelManagerId: 1 }).lean() : null;
  if (partner?.channelManagerId) return [partner.channelManagerId];
  return (await User.find({ role: 'admin', partnerId: null, status: 'active' }, { _id: 1 }).lean()).map((u) => u._id);
}

/**
 * Through the to-do/notice outbox (written at once, delivered to WeChat at least once): the upstream gets a to-do to
 * confirm a new order and then to ship it; the owner a notice at every change made by someone else. Raised from
 * the order's latest state; raising is idempotent, so the sweep may raise again what a crash left owed.
 */
async function announceOwed(doc: OrderDoc, seller?: Seller | null): Promise<void> {
  const { state, comment, by } = doc.history[doc.history.length - 1];
  const link = { page: PAGES.order, params: { id: hex(doc._id) } };
  const key = (step: string) => `order:${hex(doc._id)}:${step}`;
  const title = `订单${doc.number} ${doc.accountName}`;
  const items: NewInboxItem[] = [];
  if (state === 'submitted' || state === 'confirmed') {
    const step = state === 'submitted' ? 'confirm' : 'ship';
    for (const userId of await fulfillers(doc, seller)) {
      items.push({ userId, category: 'todo', kind: `order_${step}`, noticeKind: 'todo', sourceKey: key(step), title: `${state === 'submitted' ? '待确认' : '待发货'}：${title}`, body: formatFen(doc.netTotal), link });
    }
  }
  if (state !== 'submitted' && !doc.ownerId.equals(by)) {
    items.push({ userId: doc.ownerId, category: 'notice', kind: 'order_status', noticeKind: 'order_status', sourceKey: key(state), title: `${title} ${STATE_TEXT[state]}`, body: [comment, doc.trackingNumber && state === 'shipped' ? `运单号 ${doc.trackingNumber}` : ''].filter(Boolean).join(' · '), link });
  }
  await raise(items);
  if (state !== 'submitted') await closeTodos(key('confirm'), state === 'cancelled' ? 'cancelled' : 'done');
  if (state === 'shipped' || state === 'cancelled') await closeTodos(key('ship'), state === 'cancelled' ? 'cancelled' : 'done');
  await Order.updateOne({ _id: doc._id, state, announcePending: true }, { $set: { announcePending: false } }, { timestamps: false });
}

/** Orders whose latest to-dos and notices a stopped request still owes (older than a minute), raised now. */
export async function announceOwedOrders(logger: Logger): Promise<number> {
  const owed = (await Order.collection.find({ announcePending: true, updatedAt: { $lt: new Date(Date.now() - 60_000) } }, { limit: 200 }).toArray()) as OrderDoc[];
  for (const doc of owed) {
    await runAsSystem(hex(doc.tenantId), () => announceOwed(doc)).catch((error: unknown) => logger.error({ err: error, orderId: hex(doc._id) }, 'orders: cannot raise owed notices'));
  }
  return owed.length;
}
