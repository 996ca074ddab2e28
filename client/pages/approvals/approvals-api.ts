import type { Approval, ApprovalFlow, ApprovalFlowInput, GeneralRequestInput } from '../../../types/approvals';
import type { Page } from '../../../types/common';
import { http, type PageQuery, type Query } from '../../services/api';

/** The approvals area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const approvalsApi = {
  list: (query: PageQuery) => http.call<Page<Approval>>('GET', '/approvals', { query: query as Query }),
  get: (id: string) => http.call<Approval>('GET', `/approvals/${id}`),
  request: (body: GeneralRequestInput) => http.call<Approval>('POST', '/approvals', { body }),
  decide: (id: string, action: 'approve' | 'reject' | 'return' | 'withdraw', comment: string) =>
    http.call<Approval>('POST', `/approvals/${id}/${action}`, { body: { comment } }),
  resubmit: (id: string, body: Partial<GeneralRequestInput> & { comment?: string }) => http.call<Approval>('POST', `/approvals/${id}/resubmit`, { body }),
  flows: () => http.call<ApprovalFlow[]>('GET', '/approval-flows'),
  createFlow: (body: ApprovalFlowInput) => http.call<ApprovalFlow>('POST', '/approval-flows', { body }),
  updateFlow: (id: string, body: Partial<ApprovalFlowInput>) => http.call<ApprovalFlow>('PATCH', `/approval-flows/${id}`, { body }),
  removeFlow: (id: string) => http.call<void>('DELETE', `/approval-flows/${id}`),
};
