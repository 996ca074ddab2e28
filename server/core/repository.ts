import { Types, type FilterQuery, type Model, type UpdateQuery } from 'mongoose';
import type { Page } from '../../types/common';
import { AppError, notFound } from './errors';

/** What the caller may see of a collection, as a filter; the tenant part is added by the tenant plugin. */
export type Visibility<T> = () => FilterQuery<T> | Promise<FilterQuery<T>>;

function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'hex').toString('base64url');
}

function decodeCursor(cursor: string): Types.ObjectId {
  const hex = Buffer.from(cursor, 'base64url').toString('hex');
  if (!/^[0-9a-f]{24}$/.test(hex)) throw new AppError(400, 'request.invalid_cursor');
  return new Types.ObjectId(hex);
}

export function isObjectId(value: string): boolean {
  return /^[0-9a-f]{24}$/i.test(value);
}

/**
 * Reads and writes one collection through the caller's visibility, so no handler can forget it:
 * anything outside it behaves as if it did not exist (404).
 */
export class ScopedRepository<T extends { _id: Types.ObjectId }> {
  constructor(
    readonly model: Model<T>,
    private readonly visibility: Visibility<T>,
  ) {}

  /**
   * The caller's filter AND their visibility. The visibility goes inside `$and`, so neither can override the other's
   * keys, while the filter's own keys stay at the top, where an engine finds its indexed ones (`_id` above all).
   */
  async scope(filter: FilterQuery<T> = {}): Promise<FilterQuery<T>> {
    const visible = await this.visibility();
    if (!Object.keys(visible).length) return filter;
    if (!Object.keys(filter).length) return visible;
    const { $and, ...rest } = filter as { $and?: FilterQuery<T>[] };
    return { ...rest, $and: [...($and ?? []), visible] } as FilterQuery<T>;
  }

  async get(id: string): Promise<T> {
    if (!isObjectId(id)) throw notFound();
    const doc = await this.model.findOne(await this.scope({ _id: new Types.ObjectId(id) } as FilterQuery<T>)).lean<T>();
    if (!doc) throw notFound();
    return doc;
  }

  /** Newest first, by cursor: stable under inserts, no skipped or repeated rows. */
  async page(filter: FilterQuery<T>, { cursor, limit }: { cursor?: string; limit: number }): Promise<Page<T>> {
    const after = cursor ? ({ _id: { $lt: decodeCursor(cursor) } } as FilterQuery<T>) : {};
    const scoped = await this.scope(cursor ? ({ $and: [filter, after] } as FilterQuery<T>) : filter);
    const rows = await this.model
      .find(scoped)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<T[]>();
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1]._id) : null;
    return { items, nextCursor };
  }

  /** A conditional update: it applies only when the record is visible and `condition` still holds. */
  async update(id: string, update: UpdateQuery<T>, condition: FilterQuery<T> = {}): Promise<T | null> {
    if (!isObjectId(id)) throw notFound();
    return this.model
      .findOneAndUpdate(await this.scope({ ...condition, _id: new Types.ObjectId(id) } as FilterQuery<T>), update, {
        new: true,
        runValidators: true,
      })
      .lean<T>();
  }

  /** Like update, but a record that is not visible answers 404. */
  async updateVisible(id: string, update: UpdateQuery<T>): Promise<T> {
    const doc = await this.update(id, update);
    if (!doc) throw notFound();
    return doc;
  }
}

/**
 * A case-insensitive "contains" match on user text, escaped. The `$regex` operator form, not a RegExp value: the
 * embedded engine cannot use a unique index for a RegExp value (README, "Database engine").
 */
export function containsText(text: string): { $regex: string; $options: 'i' } {
  return { $regex: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
}
