import type { Page } from '../../../types/common';
import type { FollowUpInput } from '../../../types/leads';
import type { Opportunity, OpportunityEvent, OpportunityInput, OpportunityStats, SalesProcess, SalesProcessInput } from '../../../types/opportunities';
import { uploadFile, type PickedFile } from '../../platform/files';
import { http, type PageQuery, type Query } from '../../services/api';

/** The opportunities area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const opportunitiesApi = {
  list: (query: PageQuery) => http.call<Page<Opportunity>>('GET', '/opportunities', { query: query as Query }),
  get: (id: string) => http.call<Opportunity>('GET', `/opportunities/${id}`),
  create: (body: OpportunityInput) => http.call<Opportunity>('POST', '/opportunities', { body }),
  update: (id: string, body: Partial<OpportunityInput>) => http.call<Opportunity>('PATCH', `/opportunities/${id}`, { body }),
  events: (id: string, cursor?: string) => http.call<Page<OpportunityEvent>>('GET', `/opportunities/${id}/events`, { query: { cursor } }),
  followUp: (id: string, body: FollowUpInput) => http.call<Opportunity>('POST', `/opportunities/${id}/follow-ups`, { body }),
  task: (id: string, taskKey: string, done: boolean) => http.call<Opportunity>('PUT', `/opportunities/${id}/tasks/${taskKey}`, { body: { done } }),
  stage: (id: string, stage: string, reason?: string) => http.call<Opportunity>('POST', `/opportunities/${id}/stage`, { body: { stage, ...(reason ? { reason } : {}) } }),
  close: (id: string, body: { outcome: 'won' | 'lost'; reason: string; amount: number; closeDate: string }) => http.call<Opportunity>('POST', `/opportunities/${id}/close`, { body }),
  extend: (id: string, days: number) => http.call<Opportunity>('POST', `/opportunities/${id}/extend`, { body: { days } }),
  addCollaborator: (id: string, userId: string) => http.call<Opportunity>('POST', `/opportunities/${id}/collaborators`, { body: { userId } }),
  removeCollaborator: (id: string, userId: string) => http.call<Opportunity>('DELETE', `/opportunities/${id}/collaborators/${userId}`),
  attach: (id: string, file: PickedFile, taskKey?: string) =>
    http.authorized<Opportunity>((headers) => uploadFile(http.url(`/opportunities/${id}/attachments`, { taskKey, filename: file.name }), file, headers)),
  stats: (query: Query) => http.call<OpportunityStats>('GET', '/opportunities/stats', { query }),
  processes: () => http.call<SalesProcess[]>('GET', '/sales-processes'),
  process: (id: string) => http.call<SalesProcess>('GET', `/sales-processes/${id}`),
  createProcess: (body: SalesProcessInput) => http.call<SalesProcess>('POST', '/sales-processes', { body }),
  replaceProcess: (id: string, body: SalesProcessInput) => http.call<SalesProcess>('PUT', `/sales-processes/${id}`, { body }),
};
