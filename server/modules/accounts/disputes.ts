import { Types, type FilterQuery } from 'mongoose';
import type { Dispute as DisputeView } from '../../../types/accounts';
import { disputeDecision, disputeInput, disputeListQuery } from '../../../types/accounts';
import type { Page } from '../../../types/common';
import { PAGES } from '../../../types/pages';
import { caller } from '../../core/context';
import { conflict, forbidden, illegalTransition } from '../../core/errors';
import { ScopedRepository } from '../../core/repository';
import { audit } from '../audit/audit.service';
import { User } from '../auth';
import { Partner } from '../partners';
import { closeTodos, raise } from '../todos';
import { Account, AccountDispute, closedKey, type AccountDisputeDoc, type AccountDoc } from './account.model';
import { accounts, managedPartnerIds } from './accounts.policy';
import { collisions, compared, preview, settingsOf } from './duplicates';
import { accountLink, auditAccount, closeHolderTodos, recordEvent } from './events';
import { move, taking } from './ownership';

const hex = (id: Types.ObjectId) => id.toHexString();
const oid = (id: string) => new Types.ObjectId(id);
const disputeLink = (id: Types.ObjectId) => ({ page: PAGES.accountDispute, params: { id: hex(id) } });
const arbitrationKey = (id: Types.ObjectId) => `account-dispute:${hex(id)}`;

/**
 * Who sees a dispute: admins all; a channel manager those where either side is a partner they manage; a partner
 * admin their company's claims; a member their own.
 */
async function visibleDisputes(): Promise<FilterQuery<AccountDisputeDoc>> {
  const { roles, userId, partnerId } = caller();
  if (roles.includes('admin')) return {};
  if (roles.includes('channel_manager')) {
    const mine = [...(await managedPartnerIds())].map(oid);
    return { $or: [{ claimantPartnerId: { $in: mine } }, { holderPartnerId: { $in: mine } }] };
  }
  if (roles.includes('partner_admin') && partnerId) return { claimantPartnerId: oid(partnerId) };
  return { claimantId: oid(userId) };
}
const disputes = new ScopedRepository(AccountDispute, visibleDisputes);

async function views(docs: AccountDisputeDoc[]): Promise<DisputeView[]> {
  const [contested, users, partners, settings] = await Promise.all([
    Account.find({ _id: { $in: docs.map((d) => d.contestedId) } }).lean<AccountDoc[]>(),
    User.find({ _id: { $in: docs.map((d) => d.claimantId) } }, { name: 1 }).lean(),
    Partner.find({ _id: { $in: docs.flatMap((d) => (d.claimantPartnerId ? [d.claimantPartnerId] : [])) } }, { name: 1 }).lean(),
    settingsOf(),
  ]);
  const visible = new Set((await Account.find(await accounts.scope({ _id: { $in: contested.map((c) => c._id) } }), { _id: 1 }).lean()).map((d) => hex(d._id)));
  return docs.map((doc) => {
    const account = contested.find((c) => hex(c._id) === hex(doc.contestedId));
    // Only who may open the account sees it whole: a channel manager of the claimant alone sees what the claimant sees.
    const seen = visible.has(hex(doc.contestedId));
    return {
      id: hex(doc._id),
      state: doc.state,
      name: doc.name,
      creditCode: doc.creditCode,
      reason: doc.reason,
      claimantPartnerName: doc.claimantPartnerId ? partners.find((p) => hex(p._id) === hex(doc.claimantPartnerId!))?.name ?? null : null,
      claimantName: users.find((u) => hex(u._id) === hex(doc.claimantId))?.name ?? null,
      contested: {
        holder: 'other_partner',
        matchedOn: doc.matchedOn as DisputeView['contested']['matchedOn'],
        rule: doc.rule,
        outcome: 'block',
        score: doc.score,
        recordId: seen ? hex(doc.contestedId) : null,
        preview: account ? preview(account, settings.visibleFields, seen) : {},
        disputable: false,
      },
      contestedId: seen ? hex(doc.contestedId) : null,
      comment: doc.comment,
      decidedAt: doc.decidedAt ? doc.decidedAt.toISOString() : null,
      createdAt: doc.createdAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    };
  });
}

/** Everyone who may arbitrate: the admins and the channel managers of either partner. */
async function arbitrators(partnerIds: (Types.ObjectId | null)[]): Promise<Types.ObjectId[]> {
  const managers = await Partner.distinct('channelManagerId', { _id: { $in: partnerIds.filter(Boolean) } });
  const people = await User.find({ status: 'active', partnerId: null, $or: [{ role: 'admin' }, { _id: { $in: managers.filter(Boolean) } }] }, { _id: 1 }).lean();
  return people.map((p) => p._id);
}

/**
 * A partner's report was blocked by another partner's protected account: the reporter takes it to the upstream with
 * their reason. The collision is found again here (never trusted from the client), and one dispute per account and
 * claimant company is open at a time.
 */
export async function openDispute(body: ReturnType<typeof disputeInput.parse>): Promise<DisputeView> {
  const { userId, partnerId } = caller();
  if (!partnerId) throw forbidden();
  const values = compared(body.account);
  const found = await collisions(values, {
    visibleIds: async (ids) => new Set((await Account.find(await accounts.scope({ _id: { $in: ids } }), { _id: 1 }).lean()).map((d) => hex(d._id))),
  });
  const contested = found.find(({ hit }) => hit.disputable);
  if (!contested) throw conflict('account.not_disputable');
  const claimantPartnerId = oid(partnerId);
  const openKey = `${hex(contested.doc._id)}:${partnerId}`;
  const created = (
    await AccountDispute.create({
      state: 'open',
      openKey,
      name: body.account.name,
      creditCode: values.creditCode,
      phone: body.account.phone ?? null,
      reason: body.reason,
      claimantId: oid(userId),
      claimantPartnerId,
      contestedId: contested.doc._id,
      holderPartnerId: contested.doc.partnerId,
      matchedOn: contested.hit.matchedOn,
      rule: contested.hit.rule,
      score: contested.hit.score,
    }).catch((error: { code?: number }) => {
      // One dispute per account and claimant company is open at a time; the unique key settles two at once.
      if (error.code === 11000) throw conflict('account.dispute_open');
      throw error;
    })
  ).toObject() as AccountDisputeDoc;
  await recordEvent(contested.doc, 'disputed', { text: '其他伙伴对该客户提出了归属仲裁申请' });
  await raise(
    (await arbitrators([claimantPartnerId, contested.doc.partnerId])).map((id) => ({
      userId: id,
      category: 'todo' as const,
      kind: 'account_dispute',
      noticeKind: 'todo' as const,
      sourceKey: arbitrationKey(created._id),
      title: `客户归属仲裁：${body.account.name}`,
      body: body.reason,
      link: disputeLink(created._id),
    })),
  );
  await audit('account_dispute.open', { type: 'account_dispute', id: created._id }, {}, created, ['state', 'contestedId', 'claimantPartnerId']);
  return (await views([created]))[0];
}

export async function listDisputes(query: ReturnType<typeof disputeListQuery.parse>): Promise<Page<DisputeView>> {
  const page = await disputes.page(query.state ? { state: query.state } : {}, query);
  return { items: await views(page.items), nextCursor: page.nextCursor };
}

export async function getDispute(id: string): Promise<DisputeView> {
  return (await views([await disputes.get(id)]))[0];
}

/**
 * The upstream decides: granted passes the contested account to the claimant (their reporter owns it, protected
 * for their company, the old holder's team cleared); dismissed leaves it. One decision wins; a second answers 409.
 */
export async function decideDispute(id: string, { decision, comment }: ReturnType<typeof disputeDecision.parse>): Promise<DisputeView> {
  const dispute = await disputes.get(id);
  const { roles } = caller();
  if (!roles.includes('admin') && !roles.includes('channel_manager')) throw forbidden();
  if (dispute.state !== 'open') throw conflict('dispute.decided');
  const account = await Account.findOne({ _id: dispute.contestedId }).lean<AccountDoc>();
  if (decision === 'granted' && account?.state !== 'active') throw illegalTransition(account?.state ?? 'rejected', 'grant');
  // A grant moves the account first (a conditional move on what was read), then closes the dispute on condition
  // that it is still open; if another decision won meanwhile, the account goes back. Nothing is left half decided.
  let transferred: AccountDoc | null = null;
  if (decision === 'granted' && account) {
    const settings = await settingsOf();
    const claimant = await User.findOne({ _id: dispute.claimantId, status: 'active' }, { partnerId: 1 }).lean();
    transferred = await move(account, {
      to: { state: 'active', ownerId: dispute.claimantId, partnerId: claimant?.partnerId ?? dispute.claimantPartnerId },
      set: {
        ...taking(null, account.won), teamIds: [], protectedFrom: new Date(),
        protectedUntil: settings.protectionDays ? new Date(Date.now() + settings.protectionDays * 86_400_000) : null,
      },
      limited: false,
    });
  }
  const decided = await AccountDispute.findOneAndUpdate(
    { _id: dispute._id, state: 'open' },
    { $set: { state: decision, comment, deciderId: oid(caller().userId), decidedAt: new Date(), openKey: closedKey(dispute._id) } },
    { new: true },
  ).lean<AccountDisputeDoc>();
  if (!decided) {
    if (transferred && account) await move(transferred, { to: { state: account.state, ownerId: account.ownerId, partnerId: account.partnerId }, set: { teamIds: account.teamIds, protectedFrom: account.protectedFrom, protectedUntil: account.protectedUntil, takenAt: account.takenAt, recycleAt: account.recycleAt, approvalId: account.approvalId }, limited: false });
    throw conflict('dispute.decided');
  }
  await closeTodos(arbitrationKey(dispute._id));
  if (transferred && account) {
    await closeHolderTodos(account);
    await recordEvent(account, 'arbitrated', { text: `仲裁改判归属其他伙伴${comment ? `：${comment}` : ''}` });
    await recordEvent(transferred, 'arbitrated', { text: `仲裁判定归属贵公司${comment ? `：${comment}` : ''}` });
    await auditAccount('arbitrate', account, transferred);
    if (account.ownerId) {
      await raise([{ userId: account.ownerId, category: 'notice', kind: 'account_dispute_lost', noticeKind: 'approval_result', sourceKey: `account-dispute-lost:${id}`, title: `客户归属已改判：${account.name}`, body: comment, link: accountLink(account._id) }]);
    }
    // Other claims on the same account are settled by this one.
    for (const other of await AccountDispute.find({ contestedId: dispute.contestedId, state: 'open' }).lean<AccountDisputeDoc[]>()) {
      const closed = await AccountDispute.findOneAndUpdate({ _id: other._id, state: 'open' }, { $set: { state: 'dismissed', comment: '该客户已另行仲裁', decidedAt: new Date(), openKey: closedKey(other._id) } }).lean();
      if (!closed) continue;
      await closeTodos(arbitrationKey(other._id), 'cancelled');
      await raise([{ userId: other.claimantId, category: 'notice', kind: 'account_dispute_decided', noticeKind: 'approval_result', sourceKey: `account-dispute-decided:${hex(other._id)}`, title: `仲裁驳回：${other.name}`, body: '该客户已另行仲裁', link: disputeLink(other._id) }]);
    }
  }
  await raise([{
    userId: dispute.claimantId,
    category: 'notice',
    kind: 'account_dispute_decided',
    noticeKind: 'approval_result',
    sourceKey: `account-dispute-decided:${id}`,
    title: `${decision === 'granted' ? '仲裁通过' : '仲裁驳回'}：${dispute.name}`,
    body: comment,
    link: decision === 'granted' ? accountLink(dispute.contestedId) : disputeLink(dispute._id),
  }]);
  await audit('account_dispute.decide', { type: 'account_dispute', id: dispute._id }, dispute, decided, ['state', 'comment']);
  return (await views([decided]))[0];
}
