import { Schema, Types, model } from 'mongoose';
import type { Page } from '../../../types/common';
import { positionView, type FollowUpInput, type FollowUpKind } from '../../../types/leads';
import { currentContext } from '../../core/context';
import { ScopedRepository } from '../../core/repository';
import { tenantPlugin } from '../../core/tenant-plugin';
import { userNames } from '../auth';
import { storyPart } from '../partners/partners.policy';

/** One entry of a record's story (an account's, an opportunity's): who did what, how, where, when, for which partner. */
export interface TimelineEventDoc<Type extends string> {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  subjectId: Types.ObjectId;
  /** The partner whose part of the story this is: partner staff read only their own company's events. */
  partnerId: Types.ObjectId | null;
  type: Type;
  kind: FollowUpKind | null;
  text: string;
  position: { latitude: number; longitude: number; accuracy?: number } | null;
  actorId: Types.ObjectId | null;
  at: Date;
}

export interface TimelineEventView<Type extends string> {
  id: string;
  type: Type;
  kind: FollowUpKind | null;
  text: string;
  position: ReturnType<typeof positionView>;
  actorName: string | null;
  at: string;
}

/**
 * A timeline collection for one kind of record: recording an entry (by the person in context; jobs act as the system),
 * and reading a record's entries newest first, each partner only its own part. The record itself must already have
 * been found visible to the caller.
 */
export function timeline<Type extends string>(name: string) {
  const schema = new Schema<TimelineEventDoc<Type>>({
    subjectId: { type: Schema.Types.ObjectId, required: true },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    // A generic string type the schema builder cannot narrow: each timeline's own `Type` is checked by `record`.
    type: { type: String, required: true } as never,
    kind: { type: String, default: null },
    text: { type: String, default: '' },
    position: { type: new Schema({ latitude: Number, longitude: Number, accuracy: Number }, { _id: false }), default: null },
    actorId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
  });
  schema.plugin(tenantPlugin);
  schema.index({ tenantId: 1, subjectId: 1, _id: -1 });
  const Event = model<TimelineEventDoc<Type>>(name, schema);
  const events = new ScopedRepository(Event, () => ({}));

  async function record(
    subject: { _id: Types.ObjectId; partnerId: Types.ObjectId | null },
    type: Type,
    fields: { text?: string; kind?: FollowUpInput['kind']; position?: FollowUpInput['position']; partnerId?: Types.ObjectId | null } = {},
  ): Promise<void> {
    const userId = currentContext()?.userId;
    await Event.create({
      subjectId: subject._id,
      partnerId: fields.partnerId !== undefined ? fields.partnerId : subject.partnerId,
      type,
      kind: fields.kind ?? null,
      text: fields.text ?? '',
      position: fields.position ?? null,
      actorId: userId ? new Types.ObjectId(userId) : null,
      at: new Date(),
    });
  }

  async function page(subjectId: Types.ObjectId, query: { cursor?: string; limit: number }): Promise<Page<TimelineEventView<Type>>> {
    const { items, nextCursor } = await events.page({ subjectId, ...(await storyPart()) }, query);
    const names = await userNames(items.map((e) => e.actorId));
    return {
      items: items.map((e) => ({
        id: e._id.toHexString(), type: e.type, kind: e.kind, text: e.text, position: positionView(e.position),
        actorName: e.actorId ? names.get(e.actorId.toHexString()) ?? null : null, at: e.at.toISOString(),
      })),
      nextCursor,
    };
  }

  const forget = (subjectId: Types.ObjectId) => Event.deleteMany({ subjectId });

  return { model: Event, record, page, forget };
}
