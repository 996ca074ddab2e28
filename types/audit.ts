import { z } from 'zod';
import { objectId, pageQuery } from './common';

export const auditEntry = z.object({
  id: objectId,
  actorId: objectId.nullable(),
  /** e.g. `partner.suspend`, `member.update`. */
  action: z.string(),
  entityType: z.string(),
  entityId: objectId,
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = pageQuery.extend({
  entityType: z.enum(['partner', 'level', 'member', 'staff']).optional(),
  entityId: objectId.optional(),
});
