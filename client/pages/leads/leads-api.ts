import type { Page } from '../../../types/common';
import type { DuplicateHit } from '../../../types/duplicates';
import type { FollowUpInput, ImportStartBody, Lead, LeadEvent, LeadImport, LeadInput, LeadPool, LeadPoolInput, PooledLead } from '../../../types/leads';
import { downloadFile, uploadFile, type PickedFile } from '../../platform/files';
import { http, type PageQuery, type Query } from '../../services/api';

/** The leads area's endpoints, kept with its pages (a subpackage) rather than in the first load. */
export const leadsApi = {
  list: (query: PageQuery) => http.call<Page<Lead>>('GET', '/leads', { query: query as Query }),
  get: (id: string) => http.call<Lead>('GET', `/leads/${id}`),
  create: (body: LeadInput) => http.call<Lead>('POST', '/leads', { body }),
  update: (id: string, body: Partial<LeadInput>) => http.call<Lead>('PATCH', `/leads/${id}`, { body }),
  duplicates: (query: { company?: string; phone?: string }) => http.call<{ duplicates: DuplicateHit[] }>('GET', '/leads/duplicates', { query }),
  events: (id: string, cursor?: string) => http.call<Page<LeadEvent>>('GET', `/leads/${id}/events`, { query: { cursor } }),
  followUp: (id: string, body: FollowUpInput) => http.call<Lead>('POST', `/leads/${id}/follow-ups`, { body }),
  addCollaborator: (id: string, userId: string) => http.call<Lead>('POST', `/leads/${id}/collaborators`, { body: { userId } }),
  removeCollaborator: (id: string, userId: string) => http.call<Lead>('DELETE', `/leads/${id}/collaborators/${userId}`),
  convert: (id: string) => http.call<Lead>('POST', `/leads/${id}/convert`, { body: {} }),
  invalidate: (id: string, reason: string) => http.call<Lead>('POST', `/leads/${id}/invalidate`, { body: { reason } }),
  claim: (id: string) => http.call<Lead>('POST', `/leads/${id}/claim`, { body: {} }),
  accept: (id: string) => http.call<Lead>('POST', `/leads/${id}/accept`, { body: {} }),
  decline: (id: string, reason: string) => http.call<void>('POST', `/leads/${id}/decline`, { body: { reason } }),
  assign: (id: string, target: { userId: string } | { partnerId: string }) => http.call<Lead>('POST', `/leads/${id}/assign`, { body: target }),
  release: (id: string, reason: string) => http.call<void>('POST', `/leads/${id}/release`, { body: { reason } }),
  pools: () => http.call<LeadPool[]>('GET', '/lead-pools'),
  pool: (id: string) => http.call<LeadPool>('GET', `/lead-pools/${id}`),
  pooled: (id: string, query: PageQuery) => http.call<Page<PooledLead>>('GET', `/lead-pools/${id}/leads`, { query: query as Query }),
  createPool: (body: LeadPoolInput) => http.call<LeadPool>('POST', '/lead-pools', { body }),
  updatePool: (id: string, body: Partial<LeadPoolInput>) => http.call<LeadPool>('PATCH', `/lead-pools/${id}`, { body }),
  removePool: (id: string) => http.call<void>('DELETE', `/lead-pools/${id}`),
  /** The filtered list as a spreadsheet, handed to the person (saved, or opened on the phone). */
  export: (query: PageQuery) => http.authorized<void>((headers) => downloadFile(http.url('/leads/export', query as Query), headers, `leads-${new Date().toISOString().slice(0, 10)}.xlsx`)),
  upload: (file: PickedFile) => http.authorized<LeadImport>((headers) => uploadFile(http.url('/lead-imports'), file, headers)),
  startImport: (id: string, body: ImportStartBody) => http.call<LeadImport>('POST', `/lead-imports/${id}/start`, { body }),
  importStatus: (id: string) => http.call<LeadImport>('GET', `/lead-imports/${id}`),
  importErrors: (id: string, filename: string) => http.authorized<void>((headers) => downloadFile(http.url(`/lead-imports/${id}/errors`), headers, filename)),
};
