import { z } from 'zod';
import {
  account, accountDuplicateQuery, accountDuplicates, accountEvent, accountFollowUpInput, accountInput, accountListQuery, accountPatch, accountPool,
  accountPoolInput, accountPoolPatch, accountSettings, accountSettingsInput, assignAccountBody, contact, contactInput, contactPatch, dispute,
  disputeDecision, disputeInput, disputeListQuery, moveBody, pooledAccount, pooledAccountQuery, registryCompany, registryQuery, returnBody, teamBody,
} from '../../../types/accounts';
import { idParams, objectId, pageOf, pageQuery } from '../../../types/common';
import { defineRoute } from '../../core/route';
import * as service from './accounts.service';
import * as disputes from './disputes';
import * as ownership from './ownership';
import * as pools from './pools.service';
import type { RegistryProvider } from './registry/registry';
import * as settings from './settings.service';

const noQuery = z.strictObject({});
const dealBody = z.strictObject({ note: z.string().trim().max(200).default('') });
const memberParams = z.strictObject({ id: objectId, userId: objectId });
const contactParams = z.strictObject({ id: objectId, contactId: objectId });
const tag = 'accounts';

export function accountRoutes(registry: RegistryProvider) {
  return [
    defineRoute({
      method: 'get', path: '/accounts/registry', action: 'accounts.use', tag, summary: 'Companies in the business registry by name or credit code (autocomplete)',
      query: registryQuery, response: z.object({ companies: z.array(registryCompany) }),
      handler: ({ query }) => service.lookupRegistry(registry, query.q),
    }),
    defineRoute({
      method: 'get', path: '/accounts/duplicates', action: 'accounts.use', tag, summary: 'What the duplicate rules find for a name, code or phone (masked)',
      query: accountDuplicateQuery, response: accountDuplicates,
      handler: ({ query }) => service.checkDuplicates(query),
    }),
    defineRoute({
      method: 'get', path: '/accounts', action: 'accounts.use', tag, summary: 'Accounts visible to the caller, newest first',
      query: accountListQuery, response: pageOf(account),
      handler: ({ query }) => service.listAccounts(query),
    }),
    defineRoute({
      method: 'post', path: '/accounts', action: 'accounts.use', tag, status: 201,
      summary: 'Create or report an account (duplicate rules; account-report approval for partners when configured)',
      body: accountInput, response: account,
      handler: ({ body }) => service.createAccount(registry, body),
    }),
    defineRoute({
      method: 'get', path: '/accounts/:id', action: 'accounts.use', tag, summary: 'One account with its contacts',
      params: idParams, response: account,
      handler: ({ params }) => service.getAccount(params.id),
    }),
    defineRoute({
      method: 'patch', path: '/accounts/:id', action: 'accounts.use', tag, summary: 'Change an account (duplicate rules again when its name, code or phone change)',
      params: idParams, body: accountPatch, response: account,
      handler: ({ params, body }) => service.updateAccount(params.id, body),
    }),
    defineRoute({
      method: 'get', path: '/accounts/:id/events', action: 'accounts.use', tag, summary: 'The timeline: follow-ups and events, newest first',
      params: idParams, query: pageQuery, response: pageOf(accountEvent),
      handler: ({ params, query }) => service.timeline(params.id, query),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/follow-ups', action: 'accounts.use', tag, summary: 'Record a follow-up', status: 201,
      params: idParams, body: accountFollowUpInput, response: account,
      handler: ({ params, body }) => service.addFollowUp(params.id, body),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/deal', action: 'accounts.use', tag, summary: 'Record a deal (upstream): the account is won',
      params: idParams, body: dealBody, response: account,
      handler: ({ params, body }) => service.markDeal(params.id, body.note),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/team', action: 'accounts.use', tag, summary: 'Add a co-worker of the same partner to the account team',
      params: idParams, body: teamBody, response: account,
      handler: ({ params, body }) => service.addTeamMember(params.id, body.userId),
    }),
    defineRoute({
      method: 'delete', path: '/accounts/:id/team/:userId', action: 'accounts.use', tag, summary: 'Remove someone from the account team',
      params: memberParams, response: account,
      handler: ({ params }) => service.removeTeamMember(params.id, params.userId),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/claim', action: 'accounts.use', tag, summary: 'Claim a pooled account (holding limit and cool-down apply)',
      params: idParams, body: noQuery, response: account,
      handler: async ({ params }) => service.accountView(await ownership.claim(params.id)),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/return', action: 'accounts.use', tag, summary: 'Return a held account to a pool', status: 204,
      params: idParams, body: returnBody,
      handler: async ({ params, body }) => {
        await ownership.giveUp(params.id, body.reason, body.poolId);
      },
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/move', action: 'accounts.use', tag, summary: 'Move a pooled account to a pool its pool allows (upstream)',
      params: idParams, body: moveBody, response: account,
      handler: async ({ params, body }) => service.accountView(await ownership.moveToPool(params.id, body.poolId, body.reason)),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/assign', action: 'accounts.use', tag, summary: 'Hand an account to a person (their holding limit applies)',
      params: idParams, body: assignAccountBody, response: account,
      handler: async ({ params, body }) => service.accountView(await ownership.assign(params.id, body.userId)),
    }),
    defineRoute({
      method: 'get', path: '/accounts/:id/contacts', action: 'accounts.use', tag, summary: 'The account\'s contacts, primary first',
      params: idParams, query: noQuery, response: z.object({ items: z.array(contact) }),
      handler: ({ params }) => service.listContacts(params.id),
    }),
    defineRoute({
      method: 'post', path: '/accounts/:id/contacts', action: 'accounts.use', tag, summary: 'Add a contact', status: 201,
      params: idParams, body: contactInput, response: contact,
      handler: ({ params, body }) => service.addContact(params.id, body),
    }),
    defineRoute({
      method: 'patch', path: '/accounts/:id/contacts/:contactId', action: 'accounts.use', tag, summary: 'Change a contact',
      params: contactParams, body: contactPatch, response: contact,
      handler: ({ params, body }) => service.updateContact(params.id, params.contactId, body),
    }),
    defineRoute({
      method: 'delete', path: '/accounts/:id/contacts/:contactId', action: 'accounts.use', tag, summary: 'Remove a contact', status: 204,
      params: contactParams,
      handler: ({ params }) => service.removeContact(params.id, params.contactId),
    }),
  ];
}

export const accountPoolRoutes = [
  defineRoute({
    method: 'get', path: '/account-pools', action: 'accounts.use', tag: 'account-pools', summary: 'Account pools the caller belongs to (admins: all)',
    query: noQuery, response: z.array(accountPool),
    handler: () => pools.listPools(),
  }),
  defineRoute({
    method: 'post', path: '/account-pools', action: 'accountPools.configure', tag: 'account-pools', summary: 'Create an account pool', status: 201,
    body: accountPoolInput, response: accountPool,
    handler: ({ body }) => pools.createPool(body),
  }),
  defineRoute({
    method: 'get', path: '/account-pools/:id', action: 'accounts.use', tag: 'account-pools', summary: 'One account pool',
    params: idParams, response: accountPool,
    handler: ({ params }) => pools.getPool(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/account-pools/:id', action: 'accountPools.configure', tag: 'account-pools', summary: 'Change an account pool',
    params: idParams, body: accountPoolPatch, response: accountPool,
    handler: ({ params, body }) => pools.updatePool(params.id, body),
  }),
  defineRoute({
    method: 'delete', path: '/account-pools/:id', action: 'accountPools.configure', tag: 'account-pools', summary: 'Delete an empty account pool', status: 204,
    params: idParams,
    handler: ({ params }) => pools.deletePool(params.id),
  }),
  defineRoute({
    method: 'get', path: '/account-pools/:id/accounts', action: 'accounts.use', tag: 'account-pools', summary: 'Accounts waiting in a pool, to claim',
    params: idParams, query: pooledAccountQuery, response: pageOf(pooledAccount),
    handler: ({ params, query }) => pools.pooledAccounts(params.id, query),
  }),
  defineRoute({
    method: 'get', path: '/account-settings', action: 'accounts.use', tag: 'account-settings', summary: 'Duplicate rules, visible fields, protection and limits',
    query: noQuery, response: accountSettings,
    handler: () => settings.getSettings(),
  }),
  defineRoute({
    method: 'put', path: '/account-settings', action: 'accountSettings.configure', tag: 'account-settings', summary: 'Replace the account rules',
    body: accountSettingsInput, response: accountSettings,
    handler: ({ body }) => settings.putSettings(body),
  }),
];

export const disputeRoutes = [
  defineRoute({
    method: 'post', path: '/account-disputes', action: 'accounts.use', tag: 'account-disputes', summary: 'Take a blocked report to the upstream for arbitration', status: 201,
    body: disputeInput, response: dispute,
    handler: ({ body }) => disputes.openDispute(body),
  }),
  defineRoute({
    method: 'get', path: '/account-disputes', action: 'accounts.use', tag: 'account-disputes', summary: 'Disputes the caller raised or may decide',
    query: disputeListQuery, response: pageOf(dispute),
    handler: ({ query }) => disputes.listDisputes(query),
  }),
  defineRoute({
    method: 'get', path: '/account-disputes/:id', action: 'accounts.use', tag: 'account-disputes', summary: 'One dispute',
    params: idParams, response: dispute,
    handler: ({ params }) => disputes.getDispute(params.id),
  }),
  defineRoute({
    method: 'post', path: '/account-disputes/:id/decide', action: 'accounts.arbitrate', tag: 'account-disputes', summary: 'Grant or dismiss a dispute',
    params: idParams, body: disputeDecision, response: dispute,
    handler: ({ params, body }) => disputes.decideDispute(params.id, body),
  }),
];
