import { Schema, model, type Types } from 'mongoose';
import { ROLES, type Role } from '../../../types/permissions';
import { tenantPlugin } from '../../core/tenant-plugin';

/** Anyone who logs in: upstream staff (no partnerId) and partner members. */
export interface UserDoc {
  _id: Types.ObjectId;
  tenantId: Types.ObjectId;
  partnerId: Types.ObjectId | null;
  name: string;
  username: string | null;
  phone: string | null;
  /** The identifiers one can log in with (lower-cased username, phone): unique within the tenant. */
  logins: string[];
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  status: 'active' | 'disabled';
  leadCapacity: number | null;
  accountCapacity: number | null;
  failedLogins: number;
  lockedUntil: Date | null;
  locale: 'zh-CN' | 'en-US';
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    partnerId: { type: Schema.Types.ObjectId, ref: 'Partner', default: null, index: true },
    name: { type: String, required: true, trim: true },
    username: { type: String, default: null },
    phone: { type: String, default: null },
    logins: { type: [String], required: true, validate: (v: string[]) => v.length > 0 },
    role: { type: String, enum: ROLES, required: true },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, default: true },
    status: { type: String, enum: ['active', 'disabled'], default: 'active' },
    leadCapacity: { type: Number, default: null },
    accountCapacity: { type: Number, default: null },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    locale: { type: String, enum: ['zh-CN', 'en-US'], default: 'zh-CN' },
  },
  { timestamps: true },
);
userSchema.plugin(tenantPlugin);
// Multikey unique index: partial indexes are not available on the embedded engine (see README).
userSchema.index({ tenantId: 1, logins: 1 }, { unique: true });

export const User = model<UserDoc>('User', userSchema);

export function loginsOf(user: { username?: string | null; phone?: string | null }): string[] {
  return [user.username?.toLowerCase(), user.phone].filter((v): v is string => Boolean(v));
}

/** People's names by id, for views that show who did something (one read for a whole page). */
export async function userNames(ids: readonly (Types.ObjectId | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is Types.ObjectId => Boolean(id));
  if (!wanted.length) return new Map();
  const users = await User.find({ _id: { $in: wanted } }, { name: 1 }).lean();
  return new Map(users.map((u) => [u._id.toHexString(), u.name]));
}
