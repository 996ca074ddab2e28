import { z } from 'zod';
import {
  APPROVAL_FIELDS, APPROVAL_KINDS, approval, approvalFlow, approvalFlowInput, approvalFlowPatch, approvalKindInfo, approvalListQuery, decisionBody,
  generalRequestInput, PARTNER_LEVEL_FIELD, reasonBody, resubmitBody,
} from '../../../types/approvals';
import { idParams, pageOf } from '../../../types/common';
import { defineRoute } from '../../core/route';
import * as service from './approvals.service';

const tag = 'approvals';
const noQuery = z.strictObject({});

export const approvalRoutes = [
  defineRoute({
    method: 'get', path: '/approval-kinds', action: 'approvals.configure', tag, summary: 'Kinds of approval and the facts their conditions may test',
    query: noQuery, response: z.array(approvalKindInfo),
    handler: async () => APPROVAL_KINDS.map((kind) => ({ kind, fields: [...APPROVAL_FIELDS[kind], PARTNER_LEVEL_FIELD] })),
  }),
  defineRoute({
    method: 'get', path: '/approval-flows', action: 'approvals.configure', tag, summary: 'Approval flows, by kind and priority',
    query: noQuery, response: z.array(approvalFlow),
    handler: () => service.listFlows(),
  }),
  defineRoute({
    method: 'post', path: '/approval-flows', action: 'approvals.configure', tag, summary: 'Create an approval flow', status: 201,
    body: approvalFlowInput, response: approvalFlow,
    handler: ({ body }) => service.createFlow(body),
  }),
  defineRoute({
    method: 'patch', path: '/approval-flows/:id', action: 'approvals.configure', tag, summary: 'Change a flow (a new version; running approvals keep theirs)',
    params: idParams, body: approvalFlowPatch, response: approvalFlow,
    handler: ({ params, body }) => service.updateFlow(params.id, body),
  }),
  defineRoute({
    method: 'delete', path: '/approval-flows/:id', action: 'approvals.configure', tag, summary: 'Delete a flow (running approvals keep their steps)', status: 204,
    params: idParams,
    handler: ({ params }) => service.deleteFlow(params.id),
  }),
  defineRoute({
    method: 'get', path: '/approvals', action: 'approvals.use', tag, summary: 'Approvals: mine, waiting for me, decided by me, or all I may see',
    query: approvalListQuery, response: pageOf(approval),
    handler: ({ query }) => service.listApprovals(query),
  }),
  defineRoute({
    method: 'post', path: '/approvals', action: 'approvals.use', tag, summary: 'Submit a general request for approval', status: 201,
    body: generalRequestInput, response: approval,
    handler: ({ body }) => service.submitGeneralRequest(body),
  }),
  defineRoute({
    method: 'get', path: '/approvals/:id', action: 'approvals.use', tag, summary: 'One approval with its steps and history',
    params: idParams, response: approval,
    handler: ({ params }) => service.getApproval(params.id),
  }),
  defineRoute({
    method: 'post', path: '/approvals/:id/approve', action: 'approvals.use', tag, summary: 'Approve the current step (its approvers only)',
    params: idParams, body: decisionBody, response: approval,
    handler: ({ params, body }) => service.decide(params.id, 'approve', body.comment),
  }),
  defineRoute({
    method: 'post', path: '/approvals/:id/reject', action: 'approvals.use', tag, summary: 'Reject, with a reason',
    params: idParams, body: reasonBody, response: approval,
    handler: ({ params, body }) => service.decide(params.id, 'reject', body.comment),
  }),
  defineRoute({
    method: 'post', path: '/approvals/:id/return', action: 'approvals.use', tag, summary: 'Return to the submitter for changes, with what to change',
    params: idParams, body: reasonBody, response: approval,
    handler: ({ params, body }) => service.decide(params.id, 'return', body.comment),
  }),
  defineRoute({
    method: 'post', path: '/approvals/:id/withdraw', action: 'approvals.use', tag, summary: 'Withdraw while pending or returned (the submitter only)',
    params: idParams, body: decisionBody, response: approval,
    handler: ({ params, body }) => service.withdraw(params.id, body.comment),
  }),
  defineRoute({
    method: 'post', path: '/approvals/:id/resubmit', action: 'approvals.use', tag, summary: 'Resubmit a returned approval, with changes, from the first step',
    params: idParams, body: resubmitBody, response: approval,
    handler: ({ params, body }) => service.resubmit(params.id, body),
  }),
];
