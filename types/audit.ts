import { z } from 'zod';
import { objectId, pageQuery } from './common';

export const auditEntry = z.object({
  id: objectId,
  actorId: objectId.nullable(),
  /** e.g. `partner.suspend`, `member.update`. */
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = pageQuery.extend({
  entityType: z.enum(['partner', 'level', 'member', 'staff', 'wechat', 'approval', 'approval_flow', 'lead', 'account', 'account_dispute', 'opportunity', 'sales_process', 'product', 'price_list', 'quote', 'order']).optional(),
  entityId: z.string().regex(/^[0-9a-z]{18,24}$/i).optional(),
});
