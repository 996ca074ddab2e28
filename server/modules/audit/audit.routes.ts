import { pageOf } from '../../../types/common';
import { auditEntry, auditListQuery } from '../../../types/audit';
import { defineRoute } from '../../core/route';
import { listAudit } from './audit.service';

export const auditRoutes = [
  defineRoute({
    method: 'get', path: '/audit', action: 'audit.read', tag: 'audit', summary: 'Audit trail, newest first',
    query: auditListQuery, response: pageOf(auditEntry),
    handler: ({ query }) => listAudit(query),
  }),
];
