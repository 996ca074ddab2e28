import { Schema, model, type Types } from 'mongoose';
import type {
  AccountState, CompanyStatus, CustomerLevel, DuplicateRule, MaskableField,
} from '../../../types/accounts';
import type { Region } from '../../../types/common';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface AccountDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  /** normalizeCompanyName(name) and normalizePhone(phone): what duplicate checks compare. */
  nameKey: string;
  creditCode: string | null;
  phone: string | null;
  phoneKey: string | null;
  region: Region;
  address: string;
  customerLevel: CustomerLevel;
  industry: string;
  notes: string;
  source: 'partner_report' | 'upstream' | 'lead' | 'import';
  registryStatus: CompanyStatus | null;
  state: AccountState;
  reason: string | null;
  /** The partner company holding it; null while pooled or held by upstream staff. */
  partnerId: Types.ObjectId | null;
  ownerId: Types.ObjectId | null;
  /** Co-workers of the owner's company who see and work it with them. */
  teamIds: Types.ObjectId[];
  /** The pool it came from or sits in: its recycling rules govern it while held. */
  poolId: Types.ObjectId | null;
  approvalId: Types.ObjectId | null;
  /** Set when its partner's report is approved (or needed no approval); null with `protectedFrom` set: for as long as held. */
  protectedFrom: Date | null;
  protectedUntil: Date | null;
  won: boolean;
  lastDealAt: Date | null;
  takenAt: Date | null;
  lastFollowUpAt: Date | null;
  recycleAt: Date | null;
  remindAt: Date | null;
  /** Set for a moment while one claimer checks its limits: the others lose at once instead of racing to the end. */
  claimLease: Date | null;
  /** Previous holders (people and partners) who may not claim it back before `until`. */
  cooldowns: { holderId: Types.ObjectId; until: Date }[];
  createdBy: Types.ObjectId;
  /** The lead it was converted from. */
  leadId: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const id = { type: Schema.Types.ObjectId, default: null };
const date = { type: Date, default: null };

const accountSchema = new Schema<AccountDoc>(
  {
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    creditCode: { type: String, default: null },
    phone: { type: String, default: null },
    phoneKey: { type: String, default: null },
    region: { province: { type: String, required: true }, city: String, district: String },
    address: { type: String, default: '' },
    customerLevel: { type: String, required: true },
    industry: { type: String, default: '' },
    notes: { type: String, default: '' },
    source: { type: String, required: true },
    registryStatus: { type: String, default: null },
    state: { type: String, required: true },
    reason: { type: String, default: null },
    partnerId: id,
    ownerId: id,
    teamIds: { type: [Schema.Types.ObjectId], default: [] },
    poolId: id,
    approvalId: id,
    protectedFrom: date,
    protectedUntil: date,
    won: { type: Boolean, default: false },
    lastDealAt: date,
    takenAt: date,
    lastFollowUpAt: date,
    recycleAt: date,
    remindAt: date,
    claimLease: date,
    cooldowns: { type: [{ _id: false, holderId: Schema.Types.ObjectId, until: Date }], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    leadId: id,
  },
  { timestamps: true },
);
accountSchema.plugin(tenantPlugin);
accountSchema.index({ tenantId: 1, partnerId: 1, _id: -1 });
accountSchema.index({ tenantId: 1, poolId: 1, state: 1 });
accountSchema.index({ recycleAt: 1 });
accountSchema.index({ remindAt: 1 });

export const Account = model<AccountDoc>('Account', accountSchema);

/**
 * Exact-value postings for the duplicate check: one document per normalised name, credit code or phone (`_id` is
 * the tenant and the key), listing the accounts that carry it, so an exact match is one `_id` lookup on any engine.
 * `lease` serialises two reports of the same key: the second waits until the first has written its account.
 */
export interface AccountKeyDoc {
  _id: string;
  tenantId: Types.ObjectId;
  ids: Types.ObjectId[];
  lease: Date | null;
}
const keySchema = new Schema<AccountKeyDoc>({ _id: String, ids: { type: [Schema.Types.ObjectId], default: [] }, lease: date }, { versionKey: false });
keySchema.plugin(tenantPlugin);
export const AccountKey = model<AccountKeyDoc>('AccountKey', keySchema);

export interface ContactDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  accountId: Types.ObjectId;
  name: string;
  title: string;
  phone: string | null;
  email: string | null;
  primary: boolean;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
}
const contactSchema = new Schema<ContactDoc>(
  {
    accountId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    title: { type: String, default: '' },
    phone: { type: String, default: null },
    email: { type: String, default: null },
    primary: { type: Boolean, default: false },
    notes: { type: String, default: '' },
  },
  { timestamps: true },
);
contactSchema.plugin(tenantPlugin);
contactSchema.index({ tenantId: 1, accountId: 1 });
export const Contact = model<ContactDoc>('Contact', contactSchema);

/** The tenant's account rules: one document per tenant, whose `_id` is the tenant's id. */
export interface AccountSettingsDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  duplicateRules: DuplicateRule[];
  visibleFields: MaskableField[];
  protectionDays: number | null;
  wonCounts: boolean;
  updatedAt: Date;
}
const settingsSchema = new Schema<AccountSettingsDoc>({
  duplicateRules: {
    type: [{ _id: false, name: String, enabled: Boolean, conditions: [{ _id: false, field: String, match: String, threshold: Number }], combine: String, outcome: String }],
    default: [],
  },
  visibleFields: { type: [String], default: [] },
  protectionDays: { type: Number, default: null },
  wonCounts: { type: Boolean, default: true },
  updatedAt: { type: Date, required: true },
});
settingsSchema.plugin(tenantPlugin);
export const AccountSettings = model<AccountSettingsDoc>('AccountSettings', settingsSchema);

export interface AccountPoolDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  name: string;
  description: string;
  members: { levelIds: Types.ObjectId[]; provinces: string[]; partnerIds: Types.ObjectId[]; staffIds: Types.ObjectId[] };
  claim: { enabled: boolean; cooldownDays: number };
  recycle: { noFollowUpDays: number | null; noDealDays: number | null; remindDaysBefore: number | null };
  moveTo: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}
const ids = { type: [Schema.Types.ObjectId], default: [] };
const count = { type: Number, default: null };
const poolSchema = new Schema<AccountPoolDoc>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    members: { levelIds: ids, provinces: { type: [String], default: [] }, partnerIds: ids, staffIds: ids },
    claim: { enabled: Boolean, cooldownDays: { type: Number, default: 0 } },
    recycle: { noFollowUpDays: count, noDealDays: count, remindDaysBefore: count },
    moveTo: ids,
  },
  { timestamps: true },
);
poolSchema.plugin(tenantPlugin);
poolSchema.index({ tenantId: 1, name: 1 }, { unique: true });
export const AccountPool = model<AccountPoolDoc>('AccountPool', poolSchema);

/** A blocked report taken to the upstream for arbitration. */
export interface AccountDisputeDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  state: 'open' | 'granted' | 'dismissed';
  /**
   * While open: the contested account and the claimant company, unique, so one dispute per pair is open at a time;
   * once decided, the dispute's own id (always present: a compound sparse index would still index a missing key).
   */
  openKey: string;
  /** The report as the claimant entered it. */
  name: string;
  creditCode: string | null;
  phone: string | null;
  reason: string;
  claimantId: Types.ObjectId;
  claimantPartnerId: Types.ObjectId | null;
  contestedId: Types.ObjectId;
  /** The contested account's partner when disputed: channel managers of either side may arbitrate. */
  holderPartnerId: Types.ObjectId | null;
  matchedOn: string[];
  rule: string;
  score: number;
  comment: string;
  deciderId: Types.ObjectId | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
const disputeSchema = new Schema<AccountDisputeDoc>(
  {
    state: { type: String, required: true },
    openKey: { type: String, required: true },
    name: { type: String, required: true },
    creditCode: { type: String, default: null },
    phone: { type: String, default: null },
    reason: { type: String, required: true },
    claimantId: { type: Schema.Types.ObjectId, required: true },
    claimantPartnerId: id,
    contestedId: { type: Schema.Types.ObjectId, required: true },
    holderPartnerId: id,
    matchedOn: { type: [String], default: [] },
    rule: { type: String, default: '' },
    score: { type: Number, default: 0 },
    comment: { type: String, default: '' },
    deciderId: id,
    decidedAt: date,
  },
  { timestamps: true },
);
disputeSchema.plugin(tenantPlugin);
disputeSchema.index({ tenantId: 1, openKey: 1 }, { unique: true });
/** A decided dispute's key: its own, so it never blocks the next dispute of the same pair. */
export const closedKey = (id: Types.ObjectId) => `closed:${id.toHexString()}`;
export const AccountDispute = model<AccountDisputeDoc>('AccountDispute', disputeSchema);
