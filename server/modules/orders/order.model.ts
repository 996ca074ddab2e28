import { Schema, model, type Types } from 'mongoose';
import type { OrderState } from '../../../types/orders';
import type { QuoteLine } from '../../../types/quotes';
import { tenantPlugin } from '../../core/tenant-plugin';
import { pricedLineSchema } from '../quotes/quote.model';

export interface OrderDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  number: string;
  state: OrderState;
  accountId: Types.ObjectId;
  accountName: string;
  opportunityId: Types.ObjectId | null;
  quoteId: Types.ObjectId | null;
  /** `quote:<id>` for an order made from a quote, so a quote becomes one order; `order:<own id>` otherwise. */
  sourceKey: string;
  quoteNumber: string | null;
  partnerId: Types.ObjectId | null;
  ownerId: Types.ObjectId;
  lines: QuoteLine[];
  listTotal: number;
  netTotal: number;
  shippingAddress: string;
  notes: string;
  trackingNumber: string | null;
  history: { state: OrderState; by: Types.ObjectId; comment: string; at: Date }[];
  /** Who submitted it (the owner is the quote's owner for an order made from a quote). */
  submittedBy: Types.ObjectId;
  /** The submitter's key for the submission (unique per submitter), and a digest of what was submitted under it. */
  idempotencyKey: string;
  requestDigest: string;
  /** Its latest state's to-dos and notices may not have been raised yet (the `orders.announce` sweep raises them). */
  announcePending: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const orderSchema = new Schema<OrderDoc>(
  {
    number: { type: String, required: true },
    state: { type: String, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    accountName: { type: String, required: true },
    opportunityId: { type: Schema.Types.ObjectId, default: null },
    quoteId: { type: Schema.Types.ObjectId, default: null },
    sourceKey: { type: String, required: true },
    quoteNumber: { type: String, default: null },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    lines: { type: [pricedLineSchema], required: true },
    listTotal: { type: Number, required: true },
    netTotal: { type: Number, required: true },
    shippingAddress: { type: String, default: '' },
    notes: { type: String, default: '' },
    trackingNumber: { type: String, default: null },
    history: { type: [{ _id: false, state: String, by: Schema.Types.ObjectId, comment: String, at: Date }], default: [] },
    submittedBy: { type: Schema.Types.ObjectId, required: true },
    idempotencyKey: { type: String, required: true },
    announcePending: { type: Boolean, default: true },
    requestDigest: { type: String, required: true },
  },
  { timestamps: true },
);
orderSchema.plugin(tenantPlugin);
orderSchema.index({ tenantId: 1, number: 1 }, { unique: true });
// One order per submission: a retry, or the same submission twice at once, meets the first one here.
orderSchema.index({ tenantId: 1, submittedBy: 1, idempotencyKey: 1 }, { unique: true });
orderSchema.index({ announcePending: 1, updatedAt: 1 });
orderSchema.index({ tenantId: 1, sourceKey: 1 }, { unique: true });
export const Order = model<OrderDoc>('Order', orderSchema);
