import { Schema, model, type Types } from 'mongoose';
import type { DeliveryState, InboxCategory, InboxLink, TodoState } from '../../../types/inbox';
import type { NoticeKind } from '../../../types/wechat';
import { tenantPlugin } from '../../core/tenant-plugin';

/**
 * One to-do or notice of one person, and its WeChat delivery. Item and delivery live in one document so that a
 * single insert writes both: the in-app copy exists at once and the outbox entry cannot be lost without it.
 */
export interface InboxItemDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  userId: Types.ObjectId;
  category: InboxCategory;
  /** What it is about, e.g. approval, approval_result, follow_up_due. */
  kind: string;
  /** Which WeChat template carries it. */
  noticeKind: NoticeKind;
  /** Unique per person: creating the same item twice (a job re-run, a retried request) creates it once. */
  sourceKey: string;
  title: string;
  body: string;
  link: InboxLink | null;
  /** To-dos only. */
  state: TodoState | null;
  completable: boolean;
  dueAt: Date | null;
  doneAt: Date | null;
  /** Notices only. */
  readAt: Date | null;
  delivery: {
    state: DeliveryState;
    channel: 'official' | 'mini' | null;
    attempts: number;
    /** When the next try is due; while `sending`, when the claim lapses (a worker that died is retried after it). */
    nextAttemptAt: Date | null;
    lastError: string | null;
    msgId: string | null;
    sentAt: Date | null;
    /** The claim of the worker sending it now (its outcome is recorded only under that claim). */
    claim: Types.ObjectId | null;
  };
  createdAt: Date;
  updatedAt: Date;
}

const inboxItemSchema = new Schema<InboxItemDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    category: { type: String, enum: ['todo', 'notice'], required: true },
    kind: { type: String, required: true },
    noticeKind: { type: String, required: true },
    sourceKey: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, default: '' },
    link: { type: Schema.Types.Mixed, default: null },
    state: { type: String, default: null },
    completable: { type: Boolean, default: false },
    dueAt: { type: Date, default: null },
    doneAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
    delivery: {
      state: { type: String, required: true },
      channel: { type: String, default: null },
      attempts: { type: Number, default: 0 },
      nextAttemptAt: { type: Date, default: null },
      lastError: { type: String, default: null },
      msgId: { type: String, default: null },
      sentAt: { type: Date, default: null },
      claim: { type: Schema.Types.ObjectId, default: null },
    },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
inboxItemSchema.plugin(tenantPlugin);
inboxItemSchema.index({ tenantId: 1, userId: 1, sourceKey: 1 }, { unique: true });
inboxItemSchema.index({ tenantId: 1, userId: 1, category: 1, _id: -1 });
// The outbox worker's claim: due items across tenants, oldest due first.
inboxItemSchema.index({ 'delivery.state': 1, 'delivery.nextAttemptAt': 1 });
inboxItemSchema.index({ 'delivery.claim': 1 });
// WeChat reports a template message's fate by its msgid.
inboxItemSchema.index({ tenantId: 1, 'delivery.msgId': 1 });

export const InboxItem = model<InboxItemDoc>('InboxItem', inboxItemSchema);
