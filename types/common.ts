import { z } from 'zod';

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'object_id');
export const idParams = z.strictObject({ id: objectId });

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

/** `?cursor=&limit=`: cursors are opaque strings handed out by the previous page. */
export const pageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Chinese administrative division codes (GB/T 2260, six digits). */
const divisionCode = z.string().regex(/^\d{6}$/, 'division_code');
export const region = z
  .strictObject({
    province: divisionCode,
    city: divisionCode.optional(),
    district: divisionCode.optional(),
  })
  // A city lies in its province (same first 2 digits), a district in its city (same first 4).
  .refine((r) => !r.city || r.city.slice(0, 2) === r.province.slice(0, 2), { path: ['city'], message: 'city_not_in_province' })
  .refine((r) => !r.district || (Boolean(r.city) && r.district.slice(0, 4) === r.city!.slice(0, 4)), { path: ['district'], message: 'district_not_in_city' });
export type Region = z.infer<typeof region>;

export const mainlandPhone = z.string().regex(/^1[3-9]\d{9}$/, 'mobile');
export const username = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, 'username');

/** Strong enough to resist guessing, short enough to type on a phone. */
export const newPassword = z
  .string()
  .min(8)
  .max(64)
  .regex(/[A-Za-z]/, 'password_letter')
  .regex(/\d/, 'password_digit');

export const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const timestamps = { createdAt: z.string(), updatedAt: z.string() };
