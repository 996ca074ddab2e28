import { z } from 'zod';
import { idParams, objectId, pageOf, pageQuery } from '../../../types/common';
import { followUpInput } from '../../../types/leads';
import {
  closeBody, collaboratorBody, extendBody, moveStageBody, opportunity, opportunityEvent, opportunityInput, opportunityListQuery, opportunityPatch,
  opportunityStats, salesProcess, salesProcessInput, statsQuery, taskBody,
} from '../../../types/opportunities';
import { defineRoute } from '../../core/route';
import * as attachments from './attachments';
import * as processes from './processes.service';
import * as service from './opportunities.service';
import { opportunityStats as stats } from './stats';

const noQuery = z.strictObject({});
const taskParams = z.strictObject({ id: objectId, taskKey: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/) });
const collaboratorParams = z.strictObject({ id: objectId, userId: objectId });
const fileParams = z.strictObject({ id: objectId, fileId: objectId });
const attachQuery = z.strictObject({ taskKey: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/).optional(), filename: z.string().max(200).optional() });
const tag = 'opportunities';

export const opportunityRoutes = [
  defineRoute({
    method: 'get', path: '/opportunities/stats', action: 'opportunities.analyse', tag, summary: 'Funnel, win rate and amount by stage, weighted forecast by month',
    query: statsQuery, response: opportunityStats,
    handler: ({ query }) => stats(query),
  }),
  defineRoute({
    method: 'get', path: '/opportunities', action: 'opportunities.use', tag, summary: 'Opportunities visible to the caller, newest first',
    query: opportunityListQuery, response: pageOf(opportunity),
    handler: ({ query }) => service.listOpportunities(query),
  }),
  defineRoute({
    method: 'post', path: '/opportunities', action: 'opportunities.use', tag, status: 201, summary: 'File an opportunity on an account (opportunity-filing approval when configured)',
    body: opportunityInput, response: opportunity,
    handler: ({ body }) => service.createOpportunity(body),
  }),
  defineRoute({
    method: 'get', path: '/opportunities/:id', action: 'opportunities.use', tag, summary: 'One opportunity',
    params: idParams, response: opportunity,
    handler: ({ params }) => service.getOpportunity(params.id),
  }),
  defineRoute({
    method: 'patch', path: '/opportunities/:id', action: 'opportunities.use', tag, summary: 'Change an opportunity\'s details',
    params: idParams, body: opportunityPatch, response: opportunity,
    handler: ({ params, body }) => service.updateOpportunity(params.id, body),
  }),
  defineRoute({
    method: 'get', path: '/opportunities/:id/events', action: 'opportunities.use', tag, summary: 'The timeline, newest first',
    params: idParams, query: pageQuery, response: pageOf(opportunityEvent),
    handler: ({ params, query }) => service.timeline(params.id, query),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/follow-ups', action: 'opportunities.use', tag, status: 201, summary: 'Record a follow-up',
    params: idParams, body: followUpInput.omit({ nextFollowUpAt: true }), response: opportunity,
    handler: ({ params, body }) => service.addFollowUp(params.id, body),
  }),
  defineRoute({
    method: 'put', path: '/opportunities/:id/tasks/:taskKey', action: 'opportunities.use', tag, summary: 'Tick a checklist task of the current stage (or untick it)',
    params: taskParams, body: taskBody, response: opportunity,
    handler: ({ params, body }) => service.setTask(params.id, params.taskKey, body.done),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/attachments', action: 'opportunities.use', tag, status: 201,
    summary: 'Attach a file (the body, or a multipart file), optionally for an attachment task of the current stage (?taskKey=&filename=)',
    params: idParams, query: attachQuery, response: opportunity,
    handler: ({ params, query, koa }) => attachments.attach(params.id, query.taskKey, koa),
  }),
  defineRoute({
    method: 'get', path: '/opportunities/:id/attachments/:fileId', action: 'opportunities.use', tag, summary: 'Download an attached file',
    params: fileParams,
    handler: ({ params, koa }) => attachments.download(params.id, params.fileId, koa),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/stage', action: 'opportunities.use', tag, summary: 'Advance to the next stage (its tasks done) or go back (with a reason)',
    params: idParams, body: moveStageBody, response: opportunity,
    handler: ({ params, body }) => service.moveStage(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/close', action: 'opportunities.use', tag, summary: 'Win or lose, with reason, amount and close date',
    params: idParams, body: closeBody, response: opportunity,
    handler: ({ params, body }) => service.closeOpportunity(params.id, body),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/extend', action: 'opportunities.use', tag, summary: 'Extend the registration\'s protection (channel manager or admin)',
    params: idParams, body: extendBody, response: opportunity,
    handler: ({ params, body }) => service.extendProtection(params.id, body.days),
  }),
  defineRoute({
    method: 'post', path: '/opportunities/:id/collaborators', action: 'opportunities.use', tag, summary: 'Add a co-follower of the same partner',
    params: idParams, body: collaboratorBody, response: opportunity,
    handler: ({ params, body }) => service.addCollaborator(params.id, body.userId),
  }),
  defineRoute({
    method: 'delete', path: '/opportunities/:id/collaborators/:userId', action: 'opportunities.use', tag, summary: 'Remove a co-follower',
    params: collaboratorParams, response: opportunity,
    handler: ({ params }) => service.removeCollaborator(params.id, params.userId),
  }),
];

export const processRoutes = [
  defineRoute({
    method: 'get', path: '/sales-processes', action: 'opportunities.use', tag: 'sales-processes', summary: 'Sales processes',
    query: noQuery, response: z.array(salesProcess),
    handler: () => processes.listProcesses(),
  }),
  defineRoute({
    method: 'post', path: '/sales-processes', action: 'salesProcesses.configure', tag: 'sales-processes', status: 201, summary: 'Create a sales process',
    body: salesProcessInput, response: salesProcess,
    handler: ({ body }) => processes.createProcess(body),
  }),
  defineRoute({
    method: 'get', path: '/sales-processes/:id', action: 'opportunities.use', tag: 'sales-processes', summary: 'One sales process (its newest version)',
    params: idParams, response: salesProcess,
    handler: ({ params }) => processes.getProcess(params.id),
  }),
  defineRoute({
    method: 'put', path: '/sales-processes/:id', action: 'salesProcesses.configure', tag: 'sales-processes', summary: 'Replace a process with a new version (running opportunities keep theirs)',
    params: idParams, body: salesProcessInput, response: salesProcess,
    handler: ({ params, body }) => processes.replaceProcess(params.id, body),
  }),
];
