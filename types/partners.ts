import { z } from 'zod';
import { mainlandPhone, newPassword, objectId, pageQuery, region, timestamps, trimmed, username } from './common';
import { PARTNER_ROLES, UPSTREAM_ROLES } from './permissions';

const count = z.number().int().min(0).max(1_000_000);

// ---- Levels ---------------------------------------------------------------------------------
export const levelInput = z.strictObject({
  name: trimmed(40),
  /** 1 is the highest level; ranks are unique within a tenant. */
  rank: z.number().int().min(1).max(99),
  /** Relative weight used when distributing leads between partners. */
  weight: z.number().int().min(0).max(1000),
  leadLimit: count,
  accountLimit: count,
  /** The deepest discount a partner at this level may quote without approval, in percent. */
  maxDiscountPct: z.number().min(0).max(100),
});
export const levelPatch = levelInput.partial();
export const level = levelInput.extend({ id: objectId, ...timestamps });
export type LevelInput = z.infer<typeof levelInput>;
export type Level = z.infer<typeof level>;

// ---- Partners -------------------------------------------------------------------------------
export const PARTNER_STATUSES = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export const partnerInput = z.strictObject({
  name: trimmed(80),
  levelId: objectId,
  region,
  channelManagerId: objectId.nullable().optional(),
  contactName: trimmed(40).optional(),
  contactPhone: mainlandPhone.optional(),
});
export const partnerPatch = partnerInput.partial();
export const partner = z.object({
  id: objectId,
  name: z.string(),
  levelId: objectId,
  region: region,
  channelManagerId: objectId.nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(PARTNER_STATUSES),
  suspendedReason: z.string().nullable(),
  ...timestamps,
});
export type PartnerInput = z.infer<typeof partnerInput>;
export type Partner = z.infer<typeof partner>;

export const partnerListQuery = pageQuery.extend({
  q: z.string().trim().max(80).optional(),
  status: z.enum(PARTNER_STATUSES).optional(),
  levelId: objectId.optional(),
  channelManagerId: objectId.optional(),
  province: z.string().regex(/^\d{6}$/).optional(),
});
export const suspendBody = z.strictObject({ reason: trimmed(200) });

// ---- People (partner members and upstream staff share one account shape) ---------------------
export const USER_STATUSES = ['active', 'disabled'] as const;

const identity = {
  name: trimmed(40),
  username: username.optional(),
  phone: mainlandPhone.optional(),
};
const needsAnAccount = (value: { username?: string; phone?: string }) => Boolean(value.username || value.phone);
const accountMessage = { message: 'login_name', path: ['username'] };

export const memberInput = z
  .strictObject({
    ...identity,
    /** Set by the upstream; the member must replace it at first login. */
    initialPassword: newPassword,
    role: z.enum(PARTNER_ROLES),
    /** Only upstream users choose the partner; a partner admin always adds to their own. */
    partnerId: objectId.optional(),
    /** Per-person holding capacity; falls back to the partner level's limits when absent. */
    leadCapacity: count.optional(),
    accountCapacity: count.optional(),
  })
  .refine(needsAnAccount, accountMessage);
export const memberPatch = z.strictObject({
  name: trimmed(40).optional(),
  role: z.enum(PARTNER_ROLES).optional(),
  leadCapacity: count.nullable().optional(),
  accountCapacity: count.nullable().optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const member = z.object({
  id: objectId,
  partnerId: objectId,
  name: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(PARTNER_ROLES),
  leadCapacity: z.number().nullable(),
  accountCapacity: z.number().nullable(),
  status: z.enum(USER_STATUSES),
  mustChangePassword: z.boolean(),
  ...timestamps,
});
export type MemberInput = z.infer<typeof memberInput>;
export type Member = z.infer<typeof member>;
export const memberListQuery = pageQuery.extend({
  partnerId: objectId.optional(),
  q: z.string().trim().max(40).optional(),
  status: z.enum(USER_STATUSES).optional(),
});

export const staffInput = z
  .strictObject({ ...identity, initialPassword: newPassword, role: z.enum(UPSTREAM_ROLES) })
  .refine(needsAnAccount, accountMessage);
export const staffPatch = z.strictObject({
  name: trimmed(40).optional(),
  role: z.enum(UPSTREAM_ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const staff = z.object({
  id: objectId,
  name: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(UPSTREAM_ROLES),
  status: z.enum(USER_STATUSES),
  mustChangePassword: z.boolean(),
  ...timestamps,
});
export type StaffInput = z.infer<typeof staffInput>;
export type Staff = z.infer<typeof staff>;
export const staffListQuery = pageQuery.extend({
  role: z.enum(UPSTREAM_ROLES).optional(),
  q: z.string().trim().max(40).optional(),
});
export const resetPasswordBody = z.strictObject({ initialPassword: newPassword });
