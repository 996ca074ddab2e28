import { Types, type FilterQuery } from 'mongoose';
import type { AuditEntry } from '../../../types/audit';
import { currentContext } from '../../core/context';
import { ScopedRepository } from '../../core/repository';
import { Audit, type AuditDoc } from './audit.model';

const audits = new ScopedRepository(Audit, () => ({}));

/** Only the fields that changed, before and after. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]) {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      from[field] = before[field];
      to[field] = after[field];
    }
  }
  return Object.keys(to).length ? { before: from, after: to } : null;
}

/**
 * Records a change of the watched `fields` of one record, attributed to the caller; nothing is written when none
 * of them changed. Called after the change itself has been applied.
 */
export async function audit(action: string, entity: { type: string; id: Types.ObjectId | string }, before: object, after: object, fields: readonly string[]): Promise<void> {
  const change = changedFields(before as Record<string, unknown>, after as Record<string, unknown>, fields);
  if (!change) return;
  const context = currentContext();
  await Audit.create({
    actorId: context?.userId ? new Types.ObjectId(context.userId) : null,
    action,
    entityType: entity.type,
    entityId: String(entity.id),
    ...change,
    requestId: context?.requestId ?? 'system',
    at: new Date(),
  });
}

function view(doc: AuditDoc): AuditEntry {
  return {
    id: doc._id.toHexString(),
    actorId: doc.actorId?.toHexString() ?? null,
    action: doc.action,
    entityType: doc.entityType,
    entityId: doc.entityId,
    before: doc.before,
    after: doc.after,
    requestId: doc.requestId,
    at: doc.at.toISOString(),
  };
}

export async function listAudit(query: { entityType?: string; entityId?: string; cursor?: string; limit: number }) {
  const filter: FilterQuery<AuditDoc> = {};
  if (query.entityType) filter.entityType = query.entityType;
  if (query.entityId) filter.entityId = query.entityId;
  const page = await audits.page(filter, query);
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
