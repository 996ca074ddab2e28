/**
 * What a duplicate check may tell someone about a record they cannot see: only where it sits, never whose it is.
 * Leads and accounts answer with this when a new record meets an existing one.
 */
export const DUPLICATE_HOLDERS = ['self', 'own_partner', 'other_partner', 'upstream', 'pool'] as const;
export type DuplicateHolder = (typeof DUPLICATE_HOLDERS)[number];

export interface DuplicateHit {
  holder: DuplicateHolder;
  /** Which of the compared fields met. */
  matchedOn: ('company' | 'phone')[];
  /** The record, only when the caller may open it. */
  recordId: string | null;
}
