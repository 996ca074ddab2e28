import { z } from 'zod';
import { objectId, pageQuery, region, timestamps, trimmed } from './common';
import { isDiallablePhone, normalizePhone } from './normalize';

/**
 * A lead's life. `reporting` waits for the upstream's lead-report approval; `pooled` sits unowned in a pool;
 * `offered` was pushed to a partner that has not accepted yet; `new` and `following` are held by a person;
 * `converted` and `invalid` end it.
 */
export const LEAD_STATES = ['reporting', 'pooled', 'offered', 'new', 'following', 'converted', 'invalid'] as const;
export type LeadState = (typeof LEAD_STATES)[number];
/** States in which a person holds the lead and works it. */
export const HELD_STATES = ['new', 'following'] as const satisfies readonly LeadState[];

export const LEAD_SOURCES = ['partner_report', 'upstream', 'import', 'event', 'website', 'referral', 'other'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const FOLLOW_UP_KINDS = ['call', 'visit', 'wechat', 'other'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** A mainland mobile or landline, in any common way of writing it (+86, dashes, spaces, full-width digits). */
export const contactPhone = z
  .string()
  .trim()
  .max(30)
  .refine((text) => isDiallablePhone(normalizePhone(text)), 'diallable_phone');

const leadFields = {
  company: trimmed(80),
  contactName: trimmed(40),
  phone: contactPhone,
  region,
  source: z.enum(LEAD_SOURCES),
  notes: z.string().trim().max(1000),
};

export const leadInput = z.strictObject({
  ...leadFields,
  contactName: leadFields.contactName.optional(),
  phone: leadFields.phone.optional(),
  source: leadFields.source.default('partner_report'),
  notes: leadFields.notes.optional(),
  /** Upstream only: the lead goes into this pool (and is distributed by its rules) instead of to the creator. */
  poolId: objectId.optional(),
});
export type LeadInput = z.input<typeof leadInput>;
/** Only what is sent changes (no defaults: a PATCH must not reset what it leaves out). */
export const leadPatch = z.strictObject(leadFields).partial();

/** What the duplicate check compares, also asked on its own while a form is filled in. */
export const duplicateQuery = z.strictObject({
  company: z.string().trim().max(80).optional(),
  phone: z.string().trim().max(30).optional(),
});

export const leadListQuery = pageQuery.extend({
  /** Matches company, contact or phone; the text is matched literally, never as a pattern. */
  q: z.string().trim().max(80).optional(),
  state: z.enum(LEAD_STATES).optional(),
  /** `me`: leads I own or co-follow. */
  owner: z.union([z.literal('me'), objectId]).optional(),
  partnerId: objectId.optional(),
  poolId: objectId.optional(),
  province: z.string().regex(/^\d{6}$/).optional(),
});
export type LeadListQuery = z.input<typeof leadListQuery>;

export const geoPosition = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
});

/** A stored position as the API answers it (accuracy only when it was known). */
export const positionView = (p: { latitude: number; longitude: number; accuracy?: number } | null | undefined) =>
  p ? { latitude: p.latitude, longitude: p.longitude, ...(p.accuracy !== undefined && p.accuracy !== null ? { accuracy: p.accuracy } : {}) } : null;

export const followUpInput = z.strictObject({
  kind: z.enum(FOLLOW_UP_KINDS),
  text: trimmed(1000),
  /** When the next follow-up is due: a to-do reaches the owner then. */
  nextFollowUpAt: z.iso.datetime({ offset: true }).optional(),
  /** Where a visit was made (from the device's location, with the person's consent). */
  position: geoPosition.optional(),
});
export type FollowUpInput = z.infer<typeof followUpInput>;

export const reasonBody = z.strictObject({ reason: trimmed(200) });
export const collaboratorBody = z.strictObject({ userId: objectId });
/** To a person (they hold it at once) or to a partner company (it is offered, and must be accepted in time). */
export const assignBody = z
  .strictObject({ userId: objectId.optional(), partnerId: objectId.optional() })
  .refine((body) => Boolean(body.userId) !== Boolean(body.partnerId), { path: ['userId'], message: 'person_or_partner' });
/** Converting makes the lead's company an account (with its contact), or links an account the caller can already see. */
export const convertBody = z.strictObject({ accountId: objectId.optional() });

export const LEAD_EVENTS = [
  'created', 'reported', 'report_approved', 'report_rejected', 'follow_up', 'claimed', 'assigned', 'offered', 'accepted', 'declined',
  'released', 'recycled', 'converted', 'invalidated', 'collaborator_added', 'collaborator_removed', 'edited',
] as const;
export type LeadEventType = (typeof LEAD_EVENTS)[number];

export const leadEvent = z.object({
  id: z.string(),
  type: z.enum(LEAD_EVENTS),
  kind: z.enum(FOLLOW_UP_KINDS).nullable(),
  text: z.string(),
  nextFollowUpAt: z.string().nullable(),
  position: geoPosition.nullable(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export type LeadEvent = z.infer<typeof leadEvent>;

export const lead = z.object({
  id: z.string(),
  company: z.string(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  region,
  source: z.enum(LEAD_SOURCES),
  notes: z.string(),
  state: z.enum(LEAD_STATES),
  /** Why it was closed as invalid. */
  reason: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  collaborators: z.array(z.object({ id: z.string(), name: z.string() })),
  poolId: z.string().nullable(),
  approvalId: z.string().nullable(),
  /** An offered lead must be accepted before this, or it passes on. */
  offeredUntil: z.string().nullable(),
  takenAt: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  /** When the pool takes it back unless it is worked (see the pool's recycling rules). */
  recycleAt: z.string().nullable(),
  conversion: z.object({ accountId: z.string().nullable(), contactId: z.string().nullable(), opportunityId: z.string().nullable(), at: z.string() }).nullable(),
  /** What the caller may do now. */
  can: z.object({
    edit: z.boolean(),
    followUp: z.boolean(),
    convert: z.boolean(),
    invalidate: z.boolean(),
    release: z.boolean(),
    accept: z.boolean(),
    assign: z.boolean(),
    collaborate: z.boolean(),
  }),
  ...timestamps,
});
export type Lead = z.infer<typeof lead>;

/** A pooled lead as pool members see it before claiming: only the pool's public fields are filled. */
export const PUBLIC_LEAD_FIELDS = ['company', 'contactName', 'phone', 'region', 'source', 'notes'] as const;
export type PublicLeadField = (typeof PUBLIC_LEAD_FIELDS)[number];
export const pooledLead = z.object({
  id: z.string(),
  company: z.string().nullable(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  region: region.nullable(),
  source: z.enum(LEAD_SOURCES).nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});
export type PooledLead = z.infer<typeof pooledLead>;
export const pooledLeadQuery = pageQuery.extend({ province: z.string().regex(/^\d{6}$/).optional() });

// ---- Pools -----------------------------------------------------------------------------------------------------
export const DISTRIBUTIONS = ['manual', 'round_robin', 'weighted', 'region'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

const limit = z.number().int().min(0).max(100_000).nullable();
const days = z.number().int().min(1).max(3650).nullable();

const poolFields = {
  name: trimmed(40),
  description: z.string().trim().max(500),
  /** Who belongs: partners by level or province, named partners, and upstream staff. */
  members: z.strictObject({
    levelIds: z.array(objectId).max(50),
    provinces: z.array(z.string().regex(/^\d{6}$/)).max(40),
    partnerIds: z.array(objectId).max(500),
    staffIds: z.array(objectId).max(200),
  }),
  publicFields: z.array(z.enum(PUBLIC_LEAD_FIELDS)).max(PUBLIC_LEAD_FIELDS.length),
  /** How leads entering the pool find a partner; `manual` leaves them for members to claim or for assignment. */
  distribution: z.enum(DISTRIBUTIONS),
  /** Hours a partner has to accept a pushed lead before it passes to the next eligible one. */
  acceptHours: z.number().int().min(1).max(720),
  claim: z.strictObject({
    enabled: z.boolean(),
    /** Claims from this pool per person per day (China time); null: no daily limit. */
    dailyLimit: limit,
    /** Held from this pool; the lower of this and the person's or level's own limit applies. */
    perPerson: limit,
    perPartner: limit,
    /** Days before a previous holder may claim the same lead again. */
    cooldownDays: z.number().int().min(0).max(365),
  }),
  recycle: z.strictObject({
    /** Back to the pool after this many days without a follow-up (counted from the claim or the last follow-up). */
    noFollowUpDays: days,
    /** Back to the pool when not converted this many days after the claim. */
    notConvertedDays: days,
    /** The holder is reminded this many days before either happens. */
    remindDaysBefore: z.number().int().min(1).max(365).nullable(),
  }),
};
export const leadPoolInput = z.strictObject({
  ...poolFields,
  description: poolFields.description.default(''),
  publicFields: poolFields.publicFields.default(['region', 'source']),
  distribution: poolFields.distribution.default('manual'),
  acceptHours: poolFields.acceptHours.default(24),
});
export type LeadPoolInput = z.input<typeof leadPoolInput>;
export const leadPoolPatch = z.strictObject(poolFields).partial();
export const leadPool = z.object({ id: z.string(), ...poolFields, ...timestamps });
export type LeadPool = z.infer<typeof leadPool>;

// ---- Import and export -----------------------------------------------------------------------------------------
/** The lead fields an import maps its columns to; company and province are required. */
export const IMPORT_FIELDS = ['company', 'contactName', 'phone', 'province', 'city', 'district', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const IMPORT_STATES = ['uploaded', 'queued', 'running', 'done', 'failed'] as const;
/** An upload larger than this is refused before it is read. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const column = z.number().int().min(0).max(199);
export const importStartBody = z.strictObject({
  /** Each field's column, counted from 0 in the header row. */
  mapping: z.strictObject({
    company: column,
    contactName: column.optional(),
    phone: column.optional(),
    province: column,
    city: column.optional(),
    district: column.optional(),
    notes: column.optional(),
  }),
  source: z.enum(LEAD_SOURCES).default('import'),
  /** Into this pool; without one, the importer holds the leads. */
  poolId: objectId.optional(),
});
export type ImportStartBody = z.input<typeof importStartBody>;

export const leadImport = z.object({
  id: z.string(),
  filename: z.string(),
  format: z.enum(['xlsx', 'csv']),
  state: z.enum(IMPORT_STATES),
  columns: z.array(z.string()),
  /** The first rows under the header, to check the mapping against. */
  sample: z.array(z.array(z.string())),
  /** Columns guessed from the header names. */
  suggested: z.partialRecord(z.enum(IMPORT_FIELDS), z.number()),
  /** Data rows in the file, counted when the import starts (null until then): with `processed`, the progress. */
  totalRows: z.number().nullable(),
  processed: z.number(),
  imported: z.number(),
  failed: z.number(),
  /** A spreadsheet of the rows that were not imported, each with its reason (when there are any). */
  hasErrorFile: z.boolean(),
  failure: z.string().nullable(),
  ...timestamps,
});
export type LeadImport = z.infer<typeof leadImport>;

export const leadExportQuery = leadListQuery.omit({ cursor: true, limit: true });
