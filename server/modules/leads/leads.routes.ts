import { z } from 'zod';
import { idParams, objectId, pageOf, pageQuery } from '../../../types/common';
import {
  assignBody, collaboratorBody, convertBody, duplicateQuery, followUpInput, importStartBody, lead, leadEvent, leadExportQuery, leadImport, leadInput, leadListQuery,
  leadPatch, leadPool, leadPoolInput, leadPoolPatch, pooledLead, pooledLeadQuery, reasonBody,
} from '../../../types/leads';
import { defineRoute } from '../../core/route';
import * as handover from './handover';
import * as imports from './imports';
import { attachment } from './imports';
import * as service from './leads.service';
import * as poolService from './pools.service';

const noQuery = z.strictObject({});
const noBody = z.strictObject({});
const duplicates = z.object({ duplicates: z.array(z.object({ holder: z.string(), matchedOn: z.array(z.string()), recordId: z.string().nullable() })) });
const collaboratorParams = z.strictObject({ id: objectId, userId: objectId });
const tag = 'leads';

export const leadRoutes = [
  defineRoute({
    method: 'get', path: '/leads/export', action: 'leads.use', tag, summary: 'The filtered list as an XLSX download (streamed)',
    query: leadExportQuery,
    handler: async ({ query, koa }) => {
      attachment(koa, `leads-${new Date().toISOString().slice(0, 10)}.xlsx`);
      return service.exportLeads(query);
    },
  }),
  defineRoute({
    method: 'get', path: '/leads/duplicates', action: 'leads.use', tag, summary: 'Where leads with the same company or phone sit (masked)',
    query: duplicateQuery, response: duplicates,
    handler: ({ query }) => service.checkDuplicates(query),
  }),
  defineRoute({
    method: 'get', path: '/leads', action: 'leads.use', tag, summary: 'Leads visible to the caller, newest first',
    query: leadListQuery, response: pageOf(lead),
    handler: ({ query }) => service.listLeads(query),
  }),
  defineRoute({
    method: 'post', path: '/leads', action: 'leads.use', tag, summary: 'Report a lead (duplicate-checked; lead-report approval when configured)', status: 201,
    body: leadInput, response: lead,
    handler: ({ body }) => service.createLead(body),
  }),
  defineRoute({
    method: 'get', path: '/leads/:id', action: 'leads.use', tag, summary: 'One lead',
    params: idParams, response: lead,
    handler: ({ params }) => service.getLead(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/leads/:id', action: 'leads.use', tag, summary: 'Change a lead (duplicate-checked again)',
    params: idParams, body: leadPatch, response: lead,
    handler: ({ params, body }) => service.updateLead(params.id, body),
  }),
  defineRoute({
    method: 'get', path: '/leads/:id/events', action: 'leads.use', tag, summary: 'The timeline: follow-ups and events, newest first',
    params: idParams, query: pageQuery, response: pageOf(leadEvent),
    handler: ({ params, query }) => service.timeline(params.id, query),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/follow-ups', action: 'leads.use', tag, summary: 'Record a follow-up', status: 201,
    params: idParams, body: followUpInput, response: lead,
    handler: ({ params, body }) => service.addFollowUp(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/collaborators', action: 'leads.use', tag, summary: 'Add a colleague who co-follows the lead',
    params: idParams, body: collaboratorBody, response: lead,
    handler: ({ params, body }) => service.addCollaborator(params.id, body.userId),
  }),
  defineRoute({
    method: 'delete', path: '/leads/:id/collaborators/:userId', action: 'leads.use', tag, summary: 'Remove a co-follower',
    params: collaboratorParams, response: lead,
    handler: ({ params }) => service.removeCollaborator(params.id, params.userId),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/convert', action: 'leads.use', tag, summary: 'Convert the lead into an account and contact (or link an account)',
    params: idParams, body: convertBody, response: lead,
    handler: ({ params, body }) => service.convertLead(params.id, body.accountId),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/invalidate', action: 'leads.use', tag, summary: 'Close the lead as invalid, with a reason',
    params: idParams, body: reasonBody, response: lead,
    handler: ({ params, body }) => service.invalidateLead(params.id, body.reason),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/claim', action: 'leads.use', tag, summary: 'Claim a pooled lead, within the limits that apply',
    params: idParams, body: noBody, response: lead,
    handler: async ({ params }) => service.leadView(await handover.claim(params.id)),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/accept', action: 'leads.use', tag, summary: 'Accept a lead offered to the caller\'s company',
    params: idParams, body: noBody, response: lead,
    handler: async ({ params }) => service.leadView(await handover.accept(params.id)),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/decline', action: 'leads.use', tag, summary: 'Decline an offered lead: it passes to the next partner',
    params: idParams, body: reasonBody, status: 204,
    handler: async ({ params, body }) => {
      await handover.decline(params.id, body.reason);
    },
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/assign', action: 'leads.use', tag, summary: 'Hand the lead to a person, or offer it to a partner',
    params: idParams, body: assignBody, response: lead,
    handler: async ({ params, body }) => service.leadView(await handover.assign(params.id, body)),
  }),
  defineRoute({
    method: 'post', path: '/leads/:id/release', action: 'leads.use', tag, summary: 'Return a held pool lead to its pool', status: 204,
    params: idParams, body: reasonBody,
    handler: async ({ params, body }) => {
      await handover.release(params.id, body.reason);
    },
  }),
];

export const importRoutes = [
  defineRoute({
    method: 'post', path: '/lead-imports', action: 'leads.import', tag: 'lead-imports', status: 201, response: leadImport,
    summary: 'Upload an XLSX or CSV (the body, or a multipart file): answers its columns, first rows and a suggested mapping',
    handler: ({ koa }) => imports.uploadImport(koa),
  }),
  defineRoute({
    method: 'post', path: '/lead-imports/:id/start', action: 'leads.import', tag: 'lead-imports', summary: 'Start importing with a column mapping',
    params: idParams, body: importStartBody, response: leadImport,
    handler: ({ params, body }) => imports.startImport(params.id, body),
  }),
  defineRoute({
    method: 'get', path: '/lead-imports/:id', action: 'leads.import', tag: 'lead-imports', summary: 'An import and its progress',
    params: idParams, response: leadImport,
    handler: ({ params }) => imports.getImport(params.id),
  }),
  defineRoute({
    method: 'get', path: '/lead-imports/:id/errors', action: 'leads.import', tag: 'lead-imports', summary: 'The rows not imported, with reasons (XLSX)',
    params: idParams,
    handler: ({ params, koa }) => imports.errorFile(params.id, koa),
  }),
];

export const poolRoutes = [
  defineRoute({
    method: 'get', path: '/lead-pools', action: 'leads.use', tag: 'lead-pools', summary: 'Pools the caller belongs to (all, for admins)',
    query: noQuery, response: z.array(leadPool),
    handler: () => poolService.listPools(),
  }),
  defineRoute({
    method: 'post', path: '/lead-pools', action: 'leadPools.configure', tag: 'lead-pools', summary: 'Create a lead pool', status: 201,
    body: leadPoolInput, response: leadPool,
    handler: ({ body }) => poolService.createPool(body),
  }),
  defineRoute({
    method: 'get', path: '/lead-pools/:id', action: 'leads.use', tag: 'lead-pools', summary: 'One pool and its rules',
    params: idParams, response: leadPool,
    handler: ({ params }) => poolService.getPool(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/lead-pools/:id', action: 'leadPools.configure', tag: 'lead-pools', summary: 'Change a pool\'s members or rules',
    params: idParams, body: leadPoolPatch, response: leadPool,
    handler: ({ params, body }) => poolService.updatePool(params.id, body),
  }),
  defineRoute({
    method: 'delete', path: '/lead-pools/:id', action: 'leadPools.configure', tag: 'lead-pools', summary: 'Delete a pool no live lead belongs to', status: 204,
    params: idParams,
    handler: ({ params }) => poolService.deletePool(params.id),
  }),
  defineRoute({
    method: 'get', path: '/lead-pools/:id/leads', action: 'leads.use', tag: 'lead-pools', summary: 'Leads waiting in a pool, public fields only',
    params: idParams, query: pooledLeadQuery, response: pageOf(pooledLead),
    handler: ({ params, query }) => poolService.pooledLeads(params.id, query),
  }),
];
