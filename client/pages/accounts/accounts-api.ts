import type {
  Account, AccountDuplicateHit, AccountEvent, AccountInput, AccountPool, AccountPoolInput, AccountSettings, AccountSettingsInput, Contact,
  ContactInput, Dispute, PooledAccount, RegistryCompany,
} from '../../../types/accounts';
import type { Page } from '../../../types/common';
import type { FollowUpInput } from '../../../types/leads';
import { http, type PageQuery, type Query } from '../../services/api';

/** The accounts area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const accountsApi = {
  list: (query: PageQuery) => http.call<Page<Account>>('GET', '/accounts', { query: query as Query }),
  get: (id: string) => http.call<Account>('GET', `/accounts/${id}`),
  create: (body: AccountInput) => http.call<Account>('POST', '/accounts', { body }),
  update: (id: string, body: Partial<AccountInput>) => http.call<Account>('PATCH', `/accounts/${id}`, { body }),
  registry: (q: string) => http.call<{ companies: RegistryCompany[] }>('GET', '/accounts/registry', { query: { q } }),
  duplicates: (query: { name?: string; creditCode?: string; phone?: string; exceptId?: string }) =>
    http.call<{ duplicates: AccountDuplicateHit[] }>('GET', '/accounts/duplicates', { query }),
  events: (id: string, cursor?: string) => http.call<Page<AccountEvent>>('GET', `/accounts/${id}/events`, { query: { cursor } }),
  followUp: (id: string, body: FollowUpInput) => http.call<Account>('POST', `/accounts/${id}/follow-ups`, { body }),
  deal: (id: string, note: string) => http.call<Account>('POST', `/accounts/${id}/deal`, { body: { note } }),
  addTeam: (id: string, userId: string) => http.call<Account>('POST', `/accounts/${id}/team`, { body: { userId } }),
  removeTeam: (id: string, userId: string) => http.call<Account>('DELETE', `/accounts/${id}/team/${userId}`),
  claim: (id: string) => http.call<Account>('POST', `/accounts/${id}/claim`, { body: {} }),
  giveBack: (id: string, reason: string, poolId?: string) => http.call<void>('POST', `/accounts/${id}/return`, { body: { reason, poolId } }),
  move: (id: string, poolId: string, reason: string) => http.call<Account>('POST', `/accounts/${id}/move`, { body: { poolId, reason } }),
  assign: (id: string, userId: string) => http.call<Account>('POST', `/accounts/${id}/assign`, { body: { userId } }),
  addContact: (id: string, body: ContactInput) => http.call<Contact>('POST', `/accounts/${id}/contacts`, { body }),
  updateContact: (id: string, contactId: string, body: Partial<ContactInput>) => http.call<Contact>('PATCH', `/accounts/${id}/contacts/${contactId}`, { body }),
  removeContact: (id: string, contactId: string) => http.call<void>('DELETE', `/accounts/${id}/contacts/${contactId}`),
  pools: () => http.call<AccountPool[]>('GET', '/account-pools'),
  pool: (id: string) => http.call<AccountPool>('GET', `/account-pools/${id}`),
  pooled: (id: string, query: PageQuery) => http.call<Page<PooledAccount>>('GET', `/account-pools/${id}/accounts`, { query: query as Query }),
  createPool: (body: AccountPoolInput) => http.call<AccountPool>('POST', '/account-pools', { body }),
  updatePool: (id: string, body: Partial<AccountPoolInput>) => http.call<AccountPool>('PATCH', `/account-pools/${id}`, { body }),
  removePool: (id: string) => http.call<void>('DELETE', `/account-pools/${id}`),
  settings: () => http.call<AccountSettings>('GET', '/account-settings'),
  saveSettings: (body: AccountSettingsInput) => http.call<AccountSettings>('PUT', '/account-settings', { body }),
  dispute: (account: AccountInput, reason: string) => http.call<Dispute>('POST', '/account-disputes', { body: { account, reason } }),
  disputes: (query: PageQuery) => http.call<Page<Dispute>>('GET', '/account-disputes', { query: query as Query }),
  getDispute: (id: string) => http.call<Dispute>('GET', `/account-disputes/${id}`),
  decide: (id: string, decision: 'granted' | 'dismissed', comment: string) => http.call<Dispute>('POST', `/account-disputes/${id}/decide`, { body: { decision, comment } }),
};
