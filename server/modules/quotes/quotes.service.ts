import { Types, type FilterQuery } from 'mongoose';
import type { CustomerLevel } from '../../../types/accounts';
import type { Page } from '../../../types/common';
import { formatFen } from '../../../types/money';
import { QUOTE_ACTION_STATES, type Quote as QuoteView, type QuoteLine, type QuoteLineRequest, type QuoteRevision, type QuoteSummary, type quoteInput, type quoteListQuery, type quoteRevisionInput } from '../../../types/quotes';
import { chinaDay } from '../../core/calendar';
import { caller } from '../../core/context';
import { AppError, conflict, forbidden, illegalTransition, invalid } from '../../core/errors';
import { containsText, ScopedRepository } from '../../core/repository';
import { nextNumber } from '../../core/sequence';
import { Account, type AccountDoc } from '../accounts/account.model';
import { accounts } from '../accounts/accounts.policy';
import { Approval, onApprovalOutcome, submitForApproval } from '../approvals';
import { audit } from '../audit/audit.service';
import { userNames } from '../auth';
import { levelOf, priceLines } from '../catalog/catalog.service';
import { discounted } from '../catalog/pricing';
import { opportunities } from '../opportunities/opportunities.policy';
import { Level, Partner } from '../partners';
import { salesVisibility } from '../partners/partners.policy';
import { Quote, QuoteRevisionSnapshot, type QuoteContent, type QuoteDoc } from './quote.model';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const same = (a: Types.ObjectId | null | undefined, b: string | undefined) => Boolean(a && b && hex(a) === b);

// ---- Who sees and does what ---------------------------------------------------------------------------------------
export const quotes = new ScopedRepository(Quote, () => salesVisibility() as Promise<FilterQuery<QuoteDoc>>);

const EDITABLE = [...QUOTE_ACTION_STATES.edit];

/** The quote's holders (its owner, their partner admin; an admin for upstream quotes) edit, submit, order and cancel it. */
function holds(doc: QuoteDoc): boolean {
  const { roles, userId, partnerId } = caller();
  if (same(doc.ownerId, userId)) return true;
  if (doc.partnerId) return roles.includes('partner_admin') && same(doc.partnerId, partnerId);
  return roles.includes('admin');
}

/** How long a submission may take between its first write and its last before another may take over. */
export const HANDOVER_MS = 2 * 60_000;

/**
 * A quote left `pending` by a submission that stopped before its approval was written goes back to draft once the
 * submission has clearly gone (its approval still does not exist after HANDOVER_MS).
 */
async function recoverPending(doc: QuoteDoc): Promise<QuoteDoc> {
  if (doc.state !== 'pending' || doc.updatedAt.getTime() > Date.now() - HANDOVER_MS || (doc.approvalId && (await Approval.exists({ _id: doc.approvalId })))) return doc;
  return (await Quote.findOneAndUpdate({ _id: doc._id, state: 'pending', approvalId: doc.approvalId }, { $set: { state: 'draft', approvalId: null } }, { new: true }).lean<QuoteDoc>()) ?? doc;
}

/** The quote if the caller may see it and hold it in one of the states: 404 when unseen, 409 in a wrong state, else 403. */
export async function quoteFor(id: string, action: string, states: readonly QuoteDoc['state'][]): Promise<QuoteDoc> {
  const doc = await recoverPending(await quotes.get(id));
  if (!states.includes(doc.state)) throw illegalTransition(doc.state, action);
  if (!holds(doc)) throw forbidden();
  return doc;
}

// ---- Pricing ------------------------------------------------------------------------------------------------------
/** Prices a quote's lines on the server as its partner sells them today, with each line's discount rounded once. */
async function priceQuote(lines: QuoteLineRequest[], customerLevel: CustomerLevel, partnerId: Types.ObjectId | null): Promise<Omit<QuoteContent, 'validUntil' | 'notes'>> {
  const priced = await priceLines(lines, customerLevel, await levelOf(partnerId));
  const quoted: QuoteLine[] = priced.map((line, index) => {
    const { discountBp } = lines[index];
    return { ...line, discountBp, netTotal: discounted(line.total, discountBp) };
  });
  return {
    lines: quoted,
    listTotal: quoted.reduce((sum, line) => sum + line.total, 0),
    netTotal: quoted.reduce((sum, line) => sum + line.netTotal, 0),
    maxDiscountBp: Math.max(0, ...quoted.map((line) => line.discountBp)),
    pricedAt: new Date(),
  };
}

/** What a stored line asks for, to price it again. */
export const lineRequest = (line: QuoteLine): QuoteLineRequest => {
  const options: Record<string, string[]> = {};
  for (const chosen of line.options) (options[chosen.group] ??= []).push(chosen.option);
  return { sku: line.sku, quantity: line.quantity, options, discountBp: line.discountBp };
};

/**
 * The customer the quote is for, as the caller may still sell to them: visible to them, active, and (for a partner's
 * quote) still that partner's (`409 quote.account_unavailable` otherwise: pooled, rejected, or moved on by a dispute).
 */
export async function quotedAccount(doc: QuoteDoc): Promise<AccountDoc> {
  const account = await accounts.get(hex(doc.accountId)).catch(() => null);
  if (account?.state !== 'active' || (doc.partnerId && !account.partnerId?.equals(doc.partnerId))) throw conflict('quote.account_unavailable');
  return account;
}

/** The quote's lines priced today, for its customer's level today; refusals (range, configuration) say why. */
async function priceNow(doc: QuoteDoc, customerLevel: CustomerLevel) {
  return priceQuote(doc.lines.map(lineRequest), customerLevel, doc.partnerId);
}

const differs = (doc: QuoteDoc, now: Awaited<ReturnType<typeof priceQuote>>) =>
  now.netTotal !== doc.netTotal || now.lines.some((line, i) => line.unitPrice !== doc.lines[i].unitPrice || line.listPrice !== doc.lines[i].listPrice || line.priceListId !== doc.lines[i].priceListId);

/**
 * Whether today's prices differ from the quote's (a price list or a product changed, a list started or ended, the
 * customer's level or the partner's changed, the product left the partner's range): such a quote is priced again
 * before it is submitted or becomes an order.
 */
export async function isStale(doc: QuoteDoc): Promise<boolean> {
  const account = await Account.findOne({ _id: doc.accountId }, { customerLevel: 1 }).lean();
  const now = await priceNow(doc, account?.customerLevel ?? doc.customerLevel).catch((error: unknown) => {
    if (error instanceof AppError && (error.status === 400 || error.status === 409)) return null;
    throw error;
  });
  return !now || differs(doc, now);
}

/** Refuses a quote whose prices are no longer today's: with the reason when it cannot be priced at all. */
export async function checkCurrent(doc: QuoteDoc, account: AccountDoc): Promise<void> {
  if (differs(doc, await priceNow(doc, account.customerLevel))) throw conflict('quote.stale');
}

/** The discount a partner may give without approval, in basis points (levels keep it in percent, e.g. 12.5). */
async function allowanceOf(partnerId: Types.ObjectId | null): Promise<number> {
  // Upstream staff quoting for themselves give no discount without an approval either.
  if (!partnerId) return 0;
  const partner = await Partner.findOne({ _id: partnerId }, { levelId: 1 }).lean();
  const level = partner ? await Level.findOne({ _id: partner.levelId }, { maxDiscountPct: 1 }).lean() : null;
  return Math.round((level?.maxDiscountPct ?? 0) * 100);
}

// ---- Views ----------------------------------------------------------------------------------------------------------
function summaryOf(doc: QuoteDoc, names: Map<string, string>): Omit<QuoteView, 'lines' | 'stale'> {
  return {
    id: hex(doc._id), number: doc.number, revision: doc.revision, state: doc.state, accountId: hex(doc.accountId), accountName: doc.accountName,
    customerLevel: doc.customerLevel, opportunityId: doc.opportunityId ? hex(doc.opportunityId) : null, partnerId: doc.partnerId ? hex(doc.partnerId) : null,
    ownerId: hex(doc.ownerId), ownerName: names.get(hex(doc.ownerId)) ?? '', validUntil: doc.validUntil, notes: doc.notes, listTotal: doc.listTotal,
    netTotal: doc.netTotal, maxDiscountBp: doc.maxDiscountBp, allowanceBp: doc.allowanceBp, approvalId: doc.approvalId ? hex(doc.approvalId) : null,
    orderId: doc.orderId ? hex(doc.orderId) : null, pricedAt: doc.pricedAt.toISOString(), createdAt: doc.createdAt.toISOString(), updatedAt: doc.updatedAt.toISOString(),
  };
}
/** Stored priced lines as the API answers them (quotes, their revisions and orders). */
export const linesOf = (lines: QuoteLine[]): QuoteLine[] =>
  lines.map((l) => ({ sku: l.sku, name: l.name, unit: l.unit, quantity: l.quantity, options: l.options.map(({ group, option, name, priceDelta }) => ({ group, option, name, priceDelta })), basePrice: l.basePrice, listPrice: l.listPrice, unitPrice: l.unitPrice, total: l.total, discountBp: l.discountBp, netTotal: l.netTotal, priceListId: l.priceListId ?? null, priceListName: l.priceListName ?? null }));

async function quoteView(doc: QuoteDoc, withStale = true): Promise<QuoteView> {
  const names = await userNames([doc.ownerId]);
  const open = !['ordered', 'cancelled'].includes(doc.state);
  return { ...summaryOf(doc, names), lines: linesOf(doc.lines), ...(withStale ? { stale: open && (await isStale(doc)) } : {}) };
}

// ---- Reading ------------------------------------------------------------------------------------------------------
export async function listQuotes(query: ReturnType<typeof quoteListQuery.parse>): Promise<Page<QuoteSummary>> {
  const filter: FilterQuery<QuoteDoc> = {};
  if (query.q) filter.$or = [{ number: containsText(query.q) }, { accountName: containsText(query.q) }];
  if (query.state) filter.state = query.state;
  if (query.accountId) filter.accountId = oid(query.accountId);
  if (query.opportunityId) filter.opportunityId = oid(query.opportunityId);
  const page = await quotes.page(filter, query);
  const names = await userNames(page.items.map((q) => q.ownerId));
  return { items: page.items.map((doc) => ({ ...summaryOf(doc, names), lineCount: doc.lines.length })), nextCursor: page.nextCursor };
}

export async function getQuote(id: string): Promise<QuoteView> {
  return quoteView(await quotes.get(id));
}

/** Every revision, newest (the quote as it is) first. */
export async function listRevisions(id: string): Promise<QuoteRevision[]> {
  const doc = await quotes.get(id);
  const older = await QuoteRevisionSnapshot.find({ quoteId: doc._id }).sort({ revision: -1 }).lean();
  // Every revision is priced when it is made, so its pricing time is when it was saved.
  const all = [{ ...doc, savedAt: doc.pricedAt }, ...older.filter((r) => r.revision < doc.revision)];
  const names = await userNames(all.map((r) => r.savedBy));
  return all.map((r) => ({
    revision: r.revision, savedAt: r.savedAt.toISOString(), savedBy: hex(r.savedBy), savedByName: names.get(hex(r.savedBy)) ?? '', cause: r.cause,
    validUntil: r.validUntil, lines: linesOf(r.lines), listTotal: r.listTotal, netTotal: r.netTotal,
  }));
}

// ---- Writing ------------------------------------------------------------------------------------------------------
type QuoteFields = Pick<ReturnType<typeof quoteInput.parse>, 'opportunityId' | 'validUntil' | 'notes' | 'lines'>;

async function checkFields(fields: QuoteFields, accountId: Types.ObjectId): Promise<void> {
  if (fields.validUntil < chinaDay()) throw invalid([{ path: 'body.validUntil', code: 'too_small', message: 'valid_until_today' }]);
  await checkOpportunity(fields.opportunityId, accountId);
}

/** A quote or an order may name an opportunity of its own account that the caller sees. */
export async function checkOpportunity(opportunityId: string | undefined, accountId: Types.ObjectId): Promise<void> {
  if (!opportunityId) return;
  const opportunity = await opportunities.get(opportunityId).catch(() => null);
  if (!opportunity?.accountId.equals(accountId)) throw invalid([{ path: 'body.opportunityId', code: 'invalid_reference', message: 'opportunity_of_account' }]);
}

/** A draft quote (revision 1) for an active account the caller sees, priced by the server. */
export async function createQuote(input: ReturnType<typeof quoteInput.parse>): Promise<QuoteView> {
  const { userId, partnerId } = caller();
  const account = await accounts.get(input.accountId).catch(() => null);
  if (account?.state !== 'active') throw invalid([{ path: 'body.accountId', code: 'invalid_reference', message: 'account_held' }]);
  await checkFields(input, account._id);
  const seller = partnerId ? oid(partnerId) : null;
  const content = await priceQuote(input.lines, account.customerLevel, seller);
  const created = await Quote.create({
    ...content,
    number: await nextNumber('Q'),
    revision: 1,
    cause: 'created',
    state: 'draft',
    accountId: account._id,
    accountName: account.name,
    customerLevel: account.customerLevel,
    opportunityId: input.opportunityId ? oid(input.opportunityId) : null,
    partnerId: seller,
    ownerId: oid(userId),
    validUntil: input.validUntil,
    notes: input.notes,
    allowanceBp: await allowanceOf(seller),
    savedBy: oid(userId),
  });
  return quoteView(created.toObject() as QuoteDoc);
}

/**
 * Moves a quote to its next revision in `draft`: the revision it leaves is kept first (idempotently), then the quote
 * changes only if nobody moved it meanwhile (`409 quote.changed`). An approval given to the old revision no longer holds.
 */
async function nextRevision(doc: QuoteDoc, content: Omit<QuoteContent, 'validUntil' | 'notes'>, fields: Pick<QuoteDoc, 'validUntil' | 'notes' | 'opportunityId' | 'customerLevel'>, cause: QuoteDoc['cause']): Promise<QuoteView> {
  const { _id, ...kept } = doc;
  await QuoteRevisionSnapshot.updateOne(
    { quoteId: doc._id, revision: doc.revision },
    { $setOnInsert: { cause: kept.cause, savedBy: kept.savedBy, savedAt: kept.pricedAt, validUntil: kept.validUntil, notes: kept.notes, lines: kept.lines, listTotal: kept.listTotal, netTotal: kept.netTotal, maxDiscountBp: kept.maxDiscountBp, pricedAt: kept.pricedAt } },
    { upsert: true },
  );
  const updated = await Quote.findOneAndUpdate(
    { _id, revision: doc.revision, state: { $in: EDITABLE } },
    { $set: { ...content, ...fields, revision: doc.revision + 1, cause, state: 'draft', approvalId: null, savedBy: oid(caller().userId) } },
    { new: true },
  ).lean<QuoteDoc>();
  if (!updated) throw conflict('quote.changed');
  return quoteView(updated);
}

export async function reviseQuote(id: string, input: ReturnType<typeof quoteRevisionInput.parse>): Promise<QuoteView> {
  const doc = await quoteFor(id, 'edit', EDITABLE);
  if (input.revision !== doc.revision) throw conflict('quote.changed', `The quote is at revision ${doc.revision}`);
  const account = await quotedAccount(doc);
  await checkFields(input, doc.accountId);
  const content = await priceQuote(input.lines, account.customerLevel, doc.partnerId);
  return nextRevision(doc, content, { validUntil: input.validUntil, notes: input.notes, opportunityId: input.opportunityId ? oid(input.opportunityId) : null, customerLevel: account.customerLevel }, 'edited');
}

/** Prices a quote again at today's prices (a new revision) when they changed; an unchanged quote stays as it is. */
export async function repriceQuote(id: string): Promise<QuoteView> {
  const doc = await quoteFor(id, 'reprice', [...QUOTE_ACTION_STATES.reprice]);
  const account = await quotedAccount(doc);
  const content = await priceNow(doc, account.customerLevel);
  if (!differs(doc, content)) return quoteView(doc);
  return nextRevision(doc, content, { validUntil: doc.validUntil, notes: doc.notes, opportunityId: doc.opportunityId, customerLevel: account.customerLevel }, 'repriced');
}

/** 1250 → "12.5%", in integers. */
export const percentText = (bp: number) => `${Math.floor(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, '0').replace(/0$/, '')}` : ''}%`;

/** A discount decision (design rule 7): the state it moved from, and what was decided on which revision. */
async function auditDiscount(action: string, before: QuoteDoc, after: QuoteDoc, comment = ''): Promise<void> {
  const { state, revision, netTotal, maxDiscountBp, allowanceBp, approvalId } = after;
  await audit(action, { type: 'quote', id: after._id }, { state: before.state }, { state, revision, netTotal, maxDiscountBp, allowanceBp, approvalId, comment }, ['state', 'revision', 'netTotal', 'maxDiscountBp', 'allowanceBp', 'approvalId', 'comment']);
}

/**
 * Submits a draft: approved at once when no line's discount passes the level's allowance (an audited discount
 * decision), otherwise `pending` on the "quote discount" approval (the partner's channel manager decides when no flow
 * is configured). It is marked pending first, so no crash leaves an approval for a quote that could still change.
 */
export async function submitQuote(id: string): Promise<QuoteView> {
  const doc = await quoteFor(id, 'submit', [...QUOTE_ACTION_STATES.submit]);
  if (doc.validUntil < chinaDay()) throw conflict('quote.expired');
  await checkCurrent(doc, await quotedAccount(doc));
  const allowanceBp = await allowanceOf(doc.partnerId);
  const within = doc.maxDiscountBp <= allowanceBp;
  // The approval's id is written with the move to pending, so only this submission's approval can decide it.
  const approvalId = within ? null : new Types.ObjectId();
  const moved = await Quote.findOneAndUpdate(
    { _id: doc._id, revision: doc.revision, state: doc.state },
    { $set: { state: within ? 'approved' : 'pending', allowanceBp, approvalId } },
    { new: true },
  ).lean<QuoteDoc>();
  if (!moved) throw conflict('quote.changed');
  if (within) {
    await auditDiscount('quote.discount_within_allowance', doc, moved);
    return quoteView(moved, false);
  }
  try {
    const percent = (bp: number) => Math.ceil(bp / 100);
    await submitForApproval(
      {
        id: approvalId!,
        kind: 'quote_discount',
        title: `报价折扣：${doc.number} ${doc.accountName}`,
        content: `最大折扣 ${percentText(doc.maxDiscountBp)}（可自主 ${percentText(allowanceBp)}）· 报价 ${formatFen(doc.netTotal)}`,
        facts: { amount: doc.netTotal, discountPct: percent(doc.maxDiscountBp), discountOverAllowancePct: percent(doc.maxDiscountBp - allowanceBp) },
        subjectId: id,
      },
      [{ name: '渠道经理审批', approvers: [{ type: 'channel_manager' }] }],
    );
  } catch (error) {
    await Quote.updateOne({ _id: doc._id, state: 'pending', approvalId }, { $set: { state: doc.state, approvalId: doc.approvalId } });
    throw error;
  }
  return quoteView(moved, false);
}

onApprovalOutcome('quote_discount', async ({ approvalId, subjectId, state, comment }) => {
  if (!subjectId) return;
  const current = { _id: oid(subjectId), state: 'pending', approvalId: oid(approvalId) };
  // Returned for changes, the approval waits for its submitter (resubmitted, it is decided again; withdrawn, the
  // quote is a draft to change).
  const next = state === 'approved' ? 'approved' : state === 'withdrawn' ? 'draft' : state === 'rejected' ? 'rejected' : null;
  if (!next) return;
  const before = await Quote.findOne(current).lean<QuoteDoc>();
  if (!before) return;
  const after = await Quote.findOneAndUpdate(current, { $set: { state: next } }, { new: true }).lean<QuoteDoc>();
  if (after) await auditDiscount(`quote.discount_${state}`, before, after, comment);
});

export async function cancelQuote(id: string, reason: string): Promise<QuoteView> {
  const doc = await quoteFor(id, 'cancel', [...QUOTE_ACTION_STATES.cancel]);
  const updated = await Quote.findOneAndUpdate({ _id: doc._id, revision: doc.revision, state: doc.state }, { $set: { state: 'cancelled', cancelReason: reason } }, { new: true }).lean<QuoteDoc>();
  if (!updated) throw conflict('quote.changed');
  return quoteView(updated, false);
}

/**
 * Claims a quote for the order about to be written under `key` (design rule 4: one conditional update), before the
 * order exists, so the quote cannot be edited or cancelled meanwhile and makes one order. An approved quote is
 * claimed as it was read; a claim left by a submission that stopped is taken over (`from`: the order it meant).
 */
export async function claimForOrder(doc: QuoteDoc, key: string, orderId: Types.ObjectId, from?: Types.ObjectId): Promise<boolean> {
  const filter = from ? { _id: doc._id, state: 'ordered', orderId: from } : { _id: doc._id, revision: doc.revision, state: 'approved' };
  const claimed = await Quote.updateOne(filter, { $set: { state: 'ordered', orderId, ordering: { key, by: oid(caller().userId), at: new Date() } } });
  return claimed.modifiedCount === 1;
}

/** Gives a claimed quote back when its order could not be written. */
export async function releaseOrderClaim(quoteId: Types.ObjectId, orderId: Types.ObjectId): Promise<void> {
  await Quote.updateOne({ _id: quoteId, state: 'ordered', orderId }, { $set: { state: 'approved', orderId: null, ordering: null } });
}
