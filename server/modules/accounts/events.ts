import { Types } from 'mongoose';
import type { AccountEventType } from '../../../types/accounts';
import { PAGES } from '../../../types/pages';
import { audit } from '../audit/audit.service';
import { timeline } from '../audit/timeline';
import { closeTodos } from '../todos';
import type { AccountDoc } from './account.model';

export const accountLink = (id: Types.ObjectId) => ({ page: PAGES.account, params: { id: id.toHexString() } });

/** An account's timeline; a partner reads only its part, so an account that changed hands never says who had it. */
export const accountTimeline = timeline<AccountEventType>('AccountEvent');
export const recordEvent = accountTimeline.record;

const OWNERSHIP_FIELDS = ['state', 'ownerId', 'partnerId', 'teamIds', 'poolId', 'won', 'name', 'creditCode', 'phone'] as const;

/** Ownership changes, and changes of what identifies the company, are audited (design rule 7). */
export const auditAccount = (action: string, before: AccountDoc, after: AccountDoc) =>
  audit(`account.${action}`, { type: 'account', id: before._id }, before, after, OWNERSHIP_FIELDS);

export const recycleSoonKey = (account: Pick<AccountDoc, '_id' | 'recycleAt'>) => `account-recycle-soon:${account._id.toHexString()}:${account.recycleAt?.toISOString()}`;

/** Closes the recycling warning its holder was given for the current hold. */
export async function closeHolderTodos(account: Pick<AccountDoc, '_id' | 'recycleAt'>, state: 'done' | 'cancelled' = 'cancelled'): Promise<void> {
  if (account.recycleAt) await closeTodos(recycleSoonKey(account), state);
}
