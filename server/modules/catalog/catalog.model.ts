import { Schema, model, type Types } from 'mongoose';
import type { CustomerLevel } from '../../../types/accounts';
import type { OptionGroup, PriceEntry } from '../../../types/catalog';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface ProductDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  sku: string;
  name: string;
  category: string;
  unit: string;
  basePrice: number;
  description: string;
  optionGroups: OptionGroup[];
  bundle: { sku: string; minPerUnit: number; maxPerUnit: number }[];
  imageIds: Types.ObjectId[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}
const optionSchema = new Schema({ key: String, name: String, priceDelta: Number, excludes: [String] }, { _id: false });
const groupSchema = new Schema({ key: String, name: String, required: Boolean, multiple: Boolean, options: [optionSchema] }, { _id: false });
const productSchema = new Schema<ProductDoc>(
  {
    sku: { type: String, required: true },
    name: { type: String, required: true },
    category: { type: String, required: true },
    unit: { type: String, required: true },
    basePrice: { type: Number, required: true },
    description: { type: String, default: '' },
    optionGroups: { type: [groupSchema], default: [] },
    bundle: { type: [{ _id: false, sku: String, minPerUnit: Number, maxPerUnit: Number }], default: [] },
    imageIds: { type: [Schema.Types.ObjectId], default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
productSchema.plugin(tenantPlugin);
productSchema.index({ tenantId: 1, sku: 1 }, { unique: true });
export const Product = model<ProductDoc>('Product', productSchema);

export interface PriceListDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  priority: number;
  partnerLevelIds: Types.ObjectId[];
  customerLevels: CustomerLevel[];
  validFrom: string;
  validUntil: string | null;
  entries: PriceEntry[];
  createdAt: Date;
  updatedAt: Date;
}
const priceListSchema = new Schema<PriceListDoc>(
  {
    name: { type: String, required: true },
    priority: { type: Number, required: true },
    partnerLevelIds: { type: [Schema.Types.ObjectId], default: [] },
    customerLevels: { type: [String], default: [] },
    validFrom: { type: String, required: true },
    validUntil: { type: String, default: null },
    entries: { type: [{ _id: false, sku: String, price: Number, discountBp: Number }], default: [] },
  },
  { timestamps: true },
);
priceListSchema.plugin(tenantPlugin);
priceListSchema.index({ tenantId: 1, name: 1 }, { unique: true });
export const PriceList = model<PriceListDoc>('PriceList', priceListSchema);

/**
 * What a partner level may sell: products by category or by SKU. A level without a range may sell the whole active
 * catalog; one with a range only what it names.
 */
export interface SalableRangeDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  levelId: Types.ObjectId;
  categories: string[];
  skus: string[];
  updatedAt: Date;
}
const rangeSchema = new Schema<SalableRangeDoc>({
  levelId: { type: Schema.Types.ObjectId, required: true },
  categories: { type: [String], default: [] },
  skus: { type: [String], default: [] },
  updatedAt: { type: Date, required: true },
});
rangeSchema.plugin(tenantPlugin);
rangeSchema.index({ tenantId: 1, levelId: 1 }, { unique: true });
export const SalableRange = model<SalableRangeDoc>('SalableRange', rangeSchema);
