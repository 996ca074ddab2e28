import { Schema, model, type Types } from 'mongoose';
import type { CustomerLevel } from '../../../types/accounts';
import type { QuoteLine, QuoteRevision, QuoteState } from '../../../types/quotes';
import { tenantPlugin } from '../../core/tenant-plugin';

/** A priced line as stored: what the partner chose and what the server made of it (fen, basis points). */
export const pricedLineSchema = new Schema(
  {
    sku: String,
    name: String,
    unit: String,
    quantity: Number,
    options: { type: [{ _id: false, group: String, option: String, name: String, priceDelta: Number }], default: [] },
    basePrice: Number,
    listPrice: Number,
    unitPrice: Number,
    total: Number,
    discountBp: Number,
    netTotal: Number,
    priceListId: { type: String, default: null },
    priceListName: { type: String, default: null },
  },
  { _id: false },
);

/** The priced content of a quote revision: what a revision snapshot keeps. */
export interface QuoteContent {
  validUntil: string;
  notes: string;
  lines: QuoteLine[];
  listTotal: number;
  netTotal: number;
  maxDiscountBp: number;
  pricedAt: Date;
}

export interface QuoteDoc extends QuoteContent {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  number: string;
  revision: number;
  /** Why the current revision was made. */
  cause: QuoteRevision['cause'];
  state: QuoteState;
  accountId: Types.ObjectId;
  accountName: string;
  customerLevel: CustomerLevel;
  opportunityId: Types.ObjectId | null;
  partnerId: Types.ObjectId | null;
  ownerId: Types.ObjectId;
  /** The discount the partner's level allowed without approval when the quote was last submitted (basis points). */
  allowanceBp: number;
  approvalId: Types.ObjectId | null;
  /** Set when the quote is claimed for its order (state `ordered`), before the order is written. */
  orderId: Types.ObjectId | null;
  /** The submission that claimed it: its key and submitter (a retry with the same key resumes it), and when. */
  ordering: { key: string; by: Types.ObjectId; at: Date } | null;
  cancelReason: string | null;
  savedBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

const quoteSchema = new Schema<QuoteDoc>(
  {
    number: { type: String, required: true },
    revision: { type: Number, required: true },
    cause: { type: String, required: true },
    state: { type: String, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    accountName: { type: String, required: true },
    customerLevel: { type: String, required: true },
    opportunityId: { type: Schema.Types.ObjectId, default: null },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    validUntil: { type: String, required: true },
    notes: { type: String, default: '' },
    lines: { type: [pricedLineSchema], required: true },
    listTotal: { type: Number, required: true },
    netTotal: { type: Number, required: true },
    maxDiscountBp: { type: Number, required: true },
    allowanceBp: { type: Number, default: 0 },
    pricedAt: { type: Date, required: true },
    approvalId: { type: Schema.Types.ObjectId, default: null },
    orderId: { type: Schema.Types.ObjectId, default: null },
    ordering: { type: new Schema({ key: String, by: Schema.Types.ObjectId, at: Date }, { _id: false }), default: null },
    cancelReason: { type: String, default: null },
    savedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
);
quoteSchema.plugin(tenantPlugin);
quoteSchema.index({ tenantId: 1, number: 1 }, { unique: true });
export const Quote = model<QuoteDoc>('Quote', quoteSchema);

/**
 * The revisions a quote moved on from, each as it was. The quote itself is always the newest revision; a snapshot is
 * written (idempotently, by quote and revision) before the quote changes, so no revision is ever lost.
 */
export interface QuoteRevisionDoc extends QuoteContent {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  quoteId: Types.ObjectId;
  revision: number;
  cause: QuoteRevision['cause'];
  savedBy: Types.ObjectId;
  savedAt: Date;
}
const revisionSchema = new Schema<QuoteRevisionDoc>({
  quoteId: { type: Schema.Types.ObjectId, required: true },
  revision: { type: Number, required: true },
  cause: { type: String, required: true },
  savedBy: { type: Schema.Types.ObjectId, required: true },
  savedAt: { type: Date, required: true },
  validUntil: String,
  notes: String,
  lines: [pricedLineSchema],
  listTotal: Number,
  netTotal: Number,
  maxDiscountBp: Number,
  pricedAt: Date,
});
revisionSchema.plugin(tenantPlugin);
revisionSchema.index({ tenantId: 1, quoteId: 1, revision: 1 }, { unique: true });
export const QuoteRevisionSnapshot = model<QuoteRevisionDoc>('QuoteRevision', revisionSchema);
