import { Schema, Types, type Query } from 'mongoose';
import { currentContext } from './context';

/** A query reached the database without a tenant: a programming error, never the caller's fault. */
export class TenantScopeError extends Error {
  constructor(operation: string, model: string) {
    super(`${model}.${operation} ran without a tenant in its filter or context`);
    this.name = 'TenantScopeError';
  }
}

const FILTERED_OPERATIONS = [
  'countDocuments',
  'deleteMany',
  'deleteOne',
  'distinct',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
] as const;

function contextTenant(): string | undefined {
  return currentContext()?.tenantId;
}

/**
 * Every tenant-owned model carries `tenantId`. Queries get the caller's tenant added to their filter; a query with
 * neither a caller nor an explicit tenant throws, and an explicit tenant that is not the caller's throws too.
 */
export function tenantPlugin(schema: Schema): void {
  schema.add({ tenantId: { type: Schema.Types.ObjectId, required: true, immutable: true, index: true } });

  for (const operation of FILTERED_OPERATIONS) {
    schema.pre(operation, function scopeQuery(this: Query<unknown, unknown>) {
      const filter = this.getFilter();
      const tenant = contextTenant();
      const explicit = filter.tenantId;
      if (explicit !== undefined) {
        if (tenant && String(explicit) !== tenant) throw new TenantScopeError(operation, this.model.modelName);
        return;
      }
      if (!tenant) throw new TenantScopeError(operation, this.model.modelName);
      this.where({ tenantId: new Types.ObjectId(tenant) });
    });
  }

  schema.pre('estimatedDocumentCount', function refuse(this: Query<unknown, unknown>) {
    throw new TenantScopeError('estimatedDocumentCount', this.model.modelName);
  });

  schema.pre('aggregate', function scopeAggregate() {
    const tenant = contextTenant();
    const first = this.pipeline()[0] as { $match?: { tenantId?: unknown } } | undefined;
    const explicit = first?.$match?.tenantId;
    if (explicit !== undefined) {
      if (tenant && String(explicit) !== tenant) throw new TenantScopeError('aggregate', this.model().modelName);
      return;
    }
    if (!tenant) throw new TenantScopeError('aggregate', this.model().modelName);
    this.pipeline().unshift({ $match: { tenantId: new Types.ObjectId(tenant) } });
  });

  schema.pre('validate', function stampTenant() {
    if (this.get('tenantId')) {
      const tenant = contextTenant();
      if (tenant && String(this.get('tenantId')) !== tenant) throw new TenantScopeError('save', (this.constructor as { modelName?: string }).modelName ?? 'document');
      return;
    }
    const tenant = contextTenant();
    if (!tenant) throw new TenantScopeError('save', (this.constructor as { modelName?: string }).modelName ?? 'document');
    this.set('tenantId', new Types.ObjectId(tenant));
  });
}
