import { z } from 'zod';
import { objectId, pageQuery, region, timestamps, trimmed } from './common';
import { isValidCreditCode, normalizeCreditCode } from './credit-code';
import { DUPLICATE_HOLDERS } from './duplicates';
import { contactPhone, followUpInput, FOLLOW_UP_KINDS, geoPosition } from './leads';

/**
 * An account's life. `reporting` waits for the upstream's account-report approval; `active` is held by a person
 * (partner staff or upstream); `pooled` sits unowned in an account pool; `rejected` was a report the upstream
 * turned down (its name and code are free again).
 */
export const ACCOUNT_STATES = ['reporting', 'active', 'pooled', 'rejected'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** How important a customer is to the upstream; price lists can differ by it. */
export const CUSTOMER_LEVELS = ['strategic', 'key', 'normal', 'small'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];

export const ACCOUNT_SOURCES = ['partner_report', 'upstream', 'lead', 'import'] as const;

// ---- Business registry ------------------------------------------------------------------------------------------
export const COMPANY_STATUSES = ['active', 'revoked', 'cancelled'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];
export const registryCompany = z.object({
  legalName: z.string(),
  creditCode: z.string(),
  status: z.enum(COMPANY_STATUSES),
  address: z.string(),
  /** The division code of the registering place (GB/T 2260). */
  division: z.string(),
});
export type RegistryCompany = z.infer<typeof registryCompany>;
export const registryQuery = z.strictObject({ q: z.string().trim().min(2).max(80) });

// ---- Input ------------------------------------------------------------------------------------------------------
/** Typed with spaces, dashes, lower case or full width; stored as the 18 characters, and refused when its check character is wrong. */
export const creditCode = z
  .string()
  .trim()
  .max(40)
  .transform(normalizeCreditCode)
  .refine(isValidCreditCode, 'credit_code');

export const contactInput = z.strictObject({
  name: trimmed(40),
  title: z.string().trim().max(40).default(''),
  phone: contactPhone.optional(),
  email: z.email().max(100).optional(),
  /** The one to call first; one contact per account is primary. */
  primary: z.boolean().default(false),
  notes: z.string().trim().max(500).default(''),
});
export type ContactInput = z.input<typeof contactInput>;
export const contactPatch = z.strictObject({
  name: trimmed(40),
  title: z.string().trim().max(40),
  phone: contactPhone.nullable(),
  email: z.email().max(100).nullable(),
  primary: z.boolean(),
  notes: z.string().trim().max(500),
}).partial();

const accountFields = {
  name: z.string().trim().min(2).max(100),
  creditCode: creditCode.nullable(),
  phone: contactPhone.nullable(),
  region,
  address: z.string().trim().max(200),
  customerLevel: z.enum(CUSTOMER_LEVELS),
  industry: z.string().trim().max(40),
  notes: z.string().trim().max(1000),
};

export const accountInput = z.strictObject({
  ...accountFields,
  creditCode: accountFields.creditCode.optional(),
  phone: accountFields.phone.optional(),
  address: accountFields.address.default(''),
  customerLevel: accountFields.customerLevel.default('normal'),
  industry: accountFields.industry.default(''),
  notes: accountFields.notes.default(''),
  contacts: z.array(contactInput).max(20).default([]),
  /** Upstream only: the account goes into this pool for partners to claim, instead of to the creator. */
  poolId: objectId.optional(),
  /** The reporter saw the possible duplicates the check warned of and goes ahead. */
  acknowledgeDuplicates: z.boolean().default(false),
});
export type AccountInput = z.input<typeof accountInput>;
/** Only what is sent changes (no defaults: a PATCH must not reset what it leaves out). */
export const accountPatch = z.strictObject({ ...accountFields, acknowledgeDuplicates: z.boolean() }).partial();

export const accountListQuery = pageQuery.extend({
  /** Matches name, credit code or phone; matched literally, never as a pattern. */
  q: z.string().trim().max(80).optional(),
  state: z.enum(ACCOUNT_STATES).optional(),
  /** `me`: accounts I own or am on the team of. */
  owner: z.union([z.literal('me'), objectId]).optional(),
  partnerId: objectId.optional(),
  poolId: objectId.optional(),
  customerLevel: z.enum(CUSTOMER_LEVELS).optional(),
  won: z.enum(['true', 'false']).optional(),
});
export type AccountListQuery = z.input<typeof accountListQuery>;

export const accountFollowUpInput = followUpInput;
export const teamBody = z.strictObject({ userId: objectId });
export const assignAccountBody = z.strictObject({ userId: objectId });
/** Back to a pool: the account's own, or another it may move to. An account reported outside pools names one. */
export const returnBody = z.strictObject({ reason: trimmed(200), poolId: objectId.optional() });
export const moveBody = z.strictObject({ poolId: objectId, reason: z.string().trim().max(200).default('') });

// ---- Duplicate rules ---------------------------------------------------------------------------------------------
export const DUPLICATE_FIELDS = ['name', 'creditCode', 'phone'] as const;
export type DuplicateField = (typeof DUPLICATE_FIELDS)[number];

export const duplicateCondition = z
  .strictObject({
    field: z.enum(DUPLICATE_FIELDS),
    match: z.enum(['exact', 'fuzzy']),
    /** For a fuzzy name: how alike the normalised names must be (Dice coefficient over character pairs). */
    threshold: z.number().min(0.5).max(1).default(0.8),
  })
  .refine((c) => c.match === 'exact' || c.field === 'name', { path: ['match'], message: 'fuzzy_names_only' });

export const duplicateRule = z.strictObject({
  name: trimmed(40),
  enabled: z.boolean().default(true),
  conditions: z.array(duplicateCondition).min(1).max(3),
  /** `and`: every condition must meet; `or`: any. */
  combine: z.enum(['and', 'or']).default('or'),
  /** `warn`: the reporter sees the match and may go ahead; `block`: the account cannot be created. */
  outcome: z.enum(['warn', 'block']),
});
export type DuplicateRule = z.infer<typeof duplicateRule>;

/** What a duplicate answer may show of a record the caller cannot see; never its partner or owner. */
export const MASKABLE_FIELDS = ['name', 'region', 'customerLevel', 'state', 'reportedAt'] as const;
export type MaskableField = (typeof MASKABLE_FIELDS)[number];

export const accountSettingsInput = z.strictObject({
  duplicateRules: z.array(duplicateRule).max(10),
  visibleFields: z.array(z.enum(MASKABLE_FIELDS)).max(MASKABLE_FIELDS.length),
  /** Days an approved report stays protected for its partner; null: while they hold it. */
  protectionDays: z.number().int().min(1).max(3650).nullable(),
  /** Whether accounts that made a deal count against holding limits. */
  wonCounts: z.boolean(),
});
export type AccountSettingsInput = z.input<typeof accountSettingsInput>;
export const accountSettings = accountSettingsInput.extend({ updatedAt: z.string().nullable() });
export type AccountSettings = z.infer<typeof accountSettings>;

export const accountDuplicateQuery = z.strictObject({
  name: z.string().trim().max(100).optional(),
  creditCode: z.string().trim().max(40).optional(),
  phone: z.string().trim().max(30).optional(),
  /** When editing: leave this account out. */
  exceptId: objectId.optional(),
});

export const accountDuplicateHit = z.object({
  holder: z.enum(DUPLICATE_HOLDERS),
  matchedOn: z.array(z.enum(DUPLICATE_FIELDS)),
  /** The rule that matched, and what it does. Another partner's protected or pending account blocks on an exact match. */
  rule: z.string(),
  outcome: z.enum(['warn', 'block']),
  /** How alike the names are (1: the same after normalisation). */
  score: z.number(),
  /** The record, only when the caller may open it. */
  recordId: z.string().nullable(),
  /** Only the fields the upstream lets reporters see; the name masked in the middle. */
  preview: z.object({
    name: z.string().optional(),
    region: region.optional(),
    customerLevel: z.enum(CUSTOMER_LEVELS).optional(),
    state: z.enum(ACCOUNT_STATES).optional(),
    reportedAt: z.string().optional(),
  }),
  /** The caller may take this collision to the upstream for arbitration. */
  disputable: z.boolean(),
});
export type AccountDuplicateHit = z.infer<typeof accountDuplicateHit>;
export const accountDuplicates = z.object({ duplicates: z.array(accountDuplicateHit) });

// ---- Views -------------------------------------------------------------------------------------------------------
export const contact = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  title: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  primary: z.boolean(),
  notes: z.string(),
  ...timestamps,
});
export type Contact = z.infer<typeof contact>;

export const account = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  phone: z.string().nullable(),
  region,
  address: z.string(),
  customerLevel: z.enum(CUSTOMER_LEVELS),
  industry: z.string(),
  notes: z.string(),
  source: z.enum(ACCOUNT_SOURCES),
  /** What the registry said of the company when it was created (null: not found there). */
  registryStatus: z.enum(COMPANY_STATUSES).nullable(),
  state: z.enum(ACCOUNT_STATES),
  reason: z.string().nullable(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  team: z.array(z.object({ id: z.string(), name: z.string() })),
  poolId: z.string().nullable(),
  approvalId: z.string().nullable(),
  /** Protected for its partner: another partner's report of the same company is blocked. */
  protected: z.boolean(),
  protectedUntil: z.string().nullable(),
  won: z.boolean(),
  lastDealAt: z.string().nullable(),
  takenAt: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  /** When its pool takes it back unless it is worked (see the pool's recycling rules). */
  recycleAt: z.string().nullable(),
  contacts: z.array(contact),
  can: z.object({
    edit: z.boolean(),
    followUp: z.boolean(),
    claim: z.boolean(),
    return: z.boolean(),
    move: z.boolean(),
    assign: z.boolean(),
    team: z.boolean(),
    contacts: z.boolean(),
    recordDeal: z.boolean(),
  }),
  ...timestamps,
});
export type Account = z.infer<typeof account>;

/** A pooled account as pool members see it before claiming. */
export const pooledAccount = z.object({
  id: z.string(),
  name: z.string(),
  region,
  customerLevel: z.enum(CUSTOMER_LEVELS),
  industry: z.string(),
  poolId: z.string(),
  /** The previous holders may not claim it back before this. */
  cooldownUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type PooledAccount = z.infer<typeof pooledAccount>;

export const ACCOUNT_EVENTS = [
  'created', 'reported', 'report_approved', 'report_rejected', 'follow_up', 'claimed', 'assigned', 'returned', 'recycled', 'moved', 'edited',
  'team_added', 'team_removed', 'deal', 'disputed', 'arbitrated',
] as const;
export type AccountEventType = (typeof ACCOUNT_EVENTS)[number];
export const accountEvent = z.object({
  id: z.string(),
  type: z.enum(ACCOUNT_EVENTS),
  kind: z.enum(FOLLOW_UP_KINDS).nullable(),
  text: z.string(),
  position: geoPosition.nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export type AccountEvent = z.infer<typeof accountEvent>;

// ---- Pools -------------------------------------------------------------------------------------------------------
const days = z.number().int().min(1).max(3650).nullable();
const accountPoolFields = {
  name: trimmed(40),
  description: z.string().trim().max(500),
  members: z.strictObject({
    levelIds: z.array(objectId).max(50),
    provinces: z.array(z.string().regex(/^\d{6}$/)).max(40),
    partnerIds: z.array(objectId).max(500),
    staffIds: z.array(objectId).max(200),
  }),
  claim: z.strictObject({
    enabled: z.boolean(),
    /** Days before a previous holder (person or partner) may claim the same account again. */
    cooldownDays: z.number().int().min(0).max(365),
  }),
  recycle: z.strictObject({
    noFollowUpDays: days,
    /** Days after claiming without a deal. */
    noDealDays: days,
    remindDaysBefore: days,
  }),
  /** Pools its accounts may be moved or returned to. */
  moveTo: z.array(objectId).max(20),
};
export const accountPoolInput = z.strictObject({
  ...accountPoolFields,
  description: accountPoolFields.description.default(''),
  members: accountPoolFields.members.default({ levelIds: [], provinces: [], partnerIds: [], staffIds: [] }),
  claim: accountPoolFields.claim.default({ enabled: true, cooldownDays: 0 }),
  recycle: accountPoolFields.recycle.default({ noFollowUpDays: null, noDealDays: null, remindDaysBefore: null }),
  moveTo: accountPoolFields.moveTo.default([]),
});
export type AccountPoolInput = z.input<typeof accountPoolInput>;
export const accountPoolPatch = z.strictObject(accountPoolFields).partial();
export const accountPool = z.object({
  id: z.string(),
  ...accountPoolFields,
  /** Accounts waiting in it. */
  pooledCount: z.number(),
  ...timestamps,
});
export type AccountPool = z.infer<typeof accountPool>;
export const pooledAccountQuery = pageQuery.extend({ q: z.string().trim().max(80).optional() });

// ---- Disputes ------------------------------------------------------------------------------------------------------
export const DISPUTE_STATES = ['open', 'granted', 'dismissed'] as const;
/** A blocked report taken to the upstream: the reporter says why the customer is theirs. */
export const disputeInput = z.strictObject({
  account: accountInput,
  reason: trimmed(500),
});
export const disputeDecision = z.strictObject({
  /** `granted`: the contested account passes to the claimant; `dismissed`: it stays where it is. */
  decision: z.enum(['granted', 'dismissed']),
  comment: z.string().trim().max(500).default(''),
});
export const dispute = z.object({
  id: z.string(),
  state: z.enum(DISPUTE_STATES),
  name: z.string(),
  creditCode: z.string().nullable(),
  reason: z.string(),
  claimantPartnerName: z.string().nullable(),
  claimantName: z.string().nullable(),
  /** The account in dispute: upstream staff see it; the claimant sees only its masked preview until granted. */
  contested: accountDuplicateHit,
  contestedId: z.string().nullable(),
  comment: z.string(),
  decidedAt: z.string().nullable(),
  ...timestamps,
});
export type Dispute = z.infer<typeof dispute>;
export const disputeListQuery = pageQuery.extend({ state: z.enum(DISPUTE_STATES).optional() });
