import { Types } from 'mongoose';
import type { AccountEventType } from '../../../types/accounts';
import type { FollowUpInput } from '../../../types/leads';
import { PAGES } from '../../../types/pages';
import { currentContext } from '../../core/context';
import { audit } from '../audit/audit.service';
import { closeTodos } from '../todos';
import { AccountEvent, type AccountDoc } from './account.model';

export const accountLink = (id: Types.ObjectId) => ({ page: PAGES.account, params: { id: id.toHexString() } });

/**
 * Adds to an account's timeline. `partnerId` is the partner the event belongs to: partner staff see only their own
 * company's events, so an account that changed hands never tells them who worked it before.
 */
export async function recordEvent(
  account: Pick<AccountDoc, '_id' | 'partnerId'>,
  type: AccountEventType,
  fields: { text?: string; kind?: FollowUpInput['kind']; position?: FollowUpInput['position']; partnerId?: Types.ObjectId | null } = {},
): Promise<void> {
  const userId = currentContext()?.userId;
  await AccountEvent.create({
    accountId: account._id,
    partnerId: fields.partnerId !== undefined ? fields.partnerId : account.partnerId,
    type,
    kind: fields.kind ?? null,
    text: fields.text ?? '',
    position: fields.position ?? null,
    // Jobs act as the system, not as a person.
    actorId: userId ? new Types.ObjectId(userId) : null,
    at: new Date(),
  });
}

const OWNERSHIP_FIELDS = ['state', 'ownerId', 'partnerId', 'teamIds', 'poolId', 'won', 'name', 'creditCode', 'phone'] as const;

/** Ownership changes, and changes of what identifies the company, are audited (design rule 7). */
export const auditAccount = (action: string, before: AccountDoc, after: AccountDoc) =>
  audit(`account.${action}`, { type: 'account', id: before._id }, before, after, OWNERSHIP_FIELDS);

export const recycleSoonKey = (account: Pick<AccountDoc, '_id' | 'recycleAt'>) => `account-recycle-soon:${account._id.toHexString()}:${account.recycleAt?.toISOString()}`;

/** Closes the recycling warning its holder was given for the current hold. */
export async function closeHolderTodos(account: Pick<AccountDoc, '_id' | 'recycleAt'>, state: 'done' | 'cancelled' = 'cancelled'): Promise<void> {
  if (account.recycleAt) await closeTodos(recycleSoonKey(account), state);
}
