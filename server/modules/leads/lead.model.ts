import { Schema, model, type Types } from 'mongoose';
import type { Region } from '../../../types/common';
import type { FollowUpKind, LeadEventType, LeadSource, LeadState } from '../../../types/leads';
import { tenantPlugin } from '../../core/tenant-plugin';

export interface LeadDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  company: string;
  /** normalizeCompanyName(company) and normalizePhone(phone): what duplicate checks compare. */
  companyKey: string;
  contactName: string | null;
  phone: string | null;
  phoneKey: string | null;
  region: Region;
  source: LeadSource;
  notes: string;
  state: LeadState;
  reason: string | null;
  /** The partner company holding it (or offered it); null while pooled or held by upstream staff. */
  partnerId: Types.ObjectId | null;
  ownerId: Types.ObjectId | null;
  collaboratorIds: Types.ObjectId[];
  /** The pool it came from or sits in: its rules (limits, recycling) govern it while held. */
  poolId: Types.ObjectId | null;
  approvalId: Types.ObjectId | null;
  offeredUntil: Date | null;
  /** Partners this lead was pushed to since it last entered the pool, so hand-over moves on to the next. */
  offeredTo: Types.ObjectId[];
  takenAt: Date | null;
  lastFollowUpAt: Date | null;
  nextFollowUpAt: Date | null;
  /** Set while a follow-up to-do is owed (the jobs raise it then clear this). */
  followUpDue: Date | null;
  recycleAt: Date | null;
  remindAt: Date | null;
  /** Set for a moment while one claimer checks its limits: the others lose at once instead of racing to the end. */
  claimLease: Date | null;
  /** Previous holders (people and partners) who may not claim it back before `until`. */
  cooldowns: { holderId: Types.ObjectId; until: Date }[];
  conversion: { accountId: Types.ObjectId | null; contactId: Types.ObjectId | null; opportunityId: Types.ObjectId | null; at: Date } | null;
  createdBy: Types.ObjectId;
  /** The import that created it and its row there: a resumed import knows the rows it already brought in. */
  importId?: Types.ObjectId | null;
  importRow?: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const id = { type: Schema.Types.ObjectId, default: null };
const date = { type: Date, default: null };

const leadSchema = new Schema<LeadDoc>(
  {
    company: { type: String, required: true },
    companyKey: { type: String, required: true },
    contactName: { type: String, default: null },
    phone: { type: String, default: null },
    phoneKey: { type: String, default: null },
    region: { province: { type: String, required: true }, city: String, district: String },
    source: { type: String, required: true },
    notes: { type: String, default: '' },
    state: { type: String, required: true },
    reason: { type: String, default: null },
    partnerId: id,
    ownerId: id,
    collaboratorIds: { type: [Schema.Types.ObjectId], default: [] },
    poolId: id,
    approvalId: id,
    offeredUntil: date,
    offeredTo: { type: [Schema.Types.ObjectId], default: [] },
    takenAt: date,
    lastFollowUpAt: date,
    nextFollowUpAt: date,
    followUpDue: date,
    recycleAt: date,
    remindAt: date,
    claimLease: date,
    cooldowns: { type: [{ _id: false, holderId: Schema.Types.ObjectId, until: Date }], default: [] },
    conversion: {
      type: new Schema({ accountId: Schema.Types.ObjectId, contactId: Schema.Types.ObjectId, opportunityId: Schema.Types.ObjectId, at: Date }, { _id: false }),
      default: null,
    },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    importId: id,
    importRow: { type: Number, default: null },
  },
  { timestamps: true },
);
leadSchema.plugin(tenantPlugin);
leadSchema.index({ tenantId: 1, partnerId: 1, state: 1 });
leadSchema.index({ tenantId: 1, ownerId: 1 });
leadSchema.index({ tenantId: 1, collaboratorIds: 1 });
leadSchema.index({ tenantId: 1, poolId: 1, state: 1 });
// The jobs look across tenants for what is due.
leadSchema.index({ recycleAt: 1 });
leadSchema.index({ remindAt: 1 });
leadSchema.index({ followUpDue: 1 });
leadSchema.index({ offeredUntil: 1 });

export const Lead = model<LeadDoc>('Lead', leadSchema);

/** The timeline: follow-ups people write and the events the system records (claims, hand-overs, recycling). */
export interface LeadEventDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  leadId: Types.ObjectId;
  /** The partner whose work this was: partner staff see only their own company's events. */
  partnerId: Types.ObjectId | null;
  type: LeadEventType;
  kind: FollowUpKind | null;
  text: string;
  nextFollowUpAt: Date | null;
  position: { latitude: number; longitude: number; accuracy?: number } | null;
  actorId: Types.ObjectId | null;
  at: Date;
}

const leadEventSchema = new Schema<LeadEventDoc>({
  leadId: { type: Schema.Types.ObjectId, required: true },
  partnerId: id,
  type: { type: String, required: true },
  kind: { type: String, default: null },
  text: { type: String, default: '' },
  nextFollowUpAt: date,
  position: { type: new Schema({ latitude: Number, longitude: Number, accuracy: Number }, { _id: false }), default: null },
  actorId: id,
  at: { type: Date, required: true },
});
leadEventSchema.plugin(tenantPlugin);
leadEventSchema.index({ tenantId: 1, leadId: 1, at: -1 });

export const LeadEvent = model<LeadEventDoc>('LeadEvent', leadEventSchema);

/**
 * One row per duplicate-check key (normalised company, normalised phone) of every live lead, unique per tenant:
 * two partners reporting the same company at the same moment cannot both succeed.
 */
export interface LeadKeyDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  key: string;
  leadId: Types.ObjectId;
  createdAt: Date;
}
const leadKeySchema = new Schema<LeadKeyDoc>({
  key: { type: String, required: true },
  leadId: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
});
leadKeySchema.plugin(tenantPlugin);
leadKeySchema.index({ tenantId: 1, key: 1 }, { unique: true });
leadKeySchema.index({ tenantId: 1, leadId: 1 });

export const LeadKey = model<LeadKeyDoc>('LeadKey', leadKeySchema);
