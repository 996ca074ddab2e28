import Taro, { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { LineInput } from '../../types/catalog';
import type { OrderInput } from '../../types/orders';
import type { PendingSubmission } from '../services/submit-once';
import type { QuoteLine } from '../../types/quotes';
import { bpToPercentText } from '../services/basis-points';
import { chinaDayIn } from '../services/calendar';
import { DRAFT_PREFIX } from '../services/session';

/** A product line as the person edits it: what was configured (with the names to show) and what they type, as text. */
export interface LineDraft {
  sku: string;
  name: string;
  unit: string;
  options: { group: string; option: string; name: string }[];
  quantity: string;
  /** A percentage as typed; quotes only (an order from the catalog is at list prices). */
  discount: string;
}

/** The quote builder's work: for a new quote, or a new revision of the quote `revision` was loaded from. */
export interface QuoteDraft {
  accountId: string;
  opportunityId: string;
  validUntil: string;
  notes: string;
  lines: LineDraft[];
  revision?: number;
}

/** An order straight from the catalog, with its submission while one's outcome is unknown (see submitOnce). */
export interface OrderDraft {
  accountId: string;
  shippingAddress: string;
  notes: string;
  lines: LineDraft[];
  pending?: PendingSubmission<OrderInput>;
}

/** The builder's draft of a new quote, or of a new revision of quote `quoteId`. */
export const quoteDraftKey = (quoteId?: string) => `quote-${quoteId ?? 'new'}`;
export const ORDER_DRAFT_KEY = 'order-new';

export const emptyQuoteDraft = (): QuoteDraft => ({ accountId: '', opportunityId: '', validUntil: chinaDayIn(30), notes: '', lines: [] });
export const emptyOrderDraft = (): OrderDraft => ({ accountId: '', shippingAddress: '', notes: '', lines: [] });

export function readDraft<T>(key: string): T | null {
  return (Taro.getStorageSync(DRAFT_PREFIX + key) as T | '') || null;
}
export function writeDraft<T>(key: string, value: T): void {
  Taro.setStorageSync(DRAFT_PREFIX + key, value);
}
function clearDraft(key: string): void {
  Taro.removeStorageSync(DRAFT_PREFIX + key);
}

/** The catalog's "add to quote": the configured lines join the stored draft (a new one when there is none). */
export function addToQuoteDraft(key: string, lines: LineDraft[]): void {
  const draft = readDraft<QuoteDraft>(key) ?? emptyQuoteDraft();
  writeDraft(key, { ...draft, lines: [...draft.lines, ...lines] });
}

/** The chosen options by group, as the server takes them. */
export function optionsByGroup(line: Pick<LineDraft, 'options'>): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const { group, option } of line.options) (groups[group] ??= []).push(option);
  return groups;
}

/** The quantity typed, when it is a whole number a line may have (1 to 1,000,000, as lineInput takes). */
export function quantityOf(line: Pick<LineDraft, 'quantity'>): number | null {
  const quantity = /^\s*\d{1,7}\s*$/.test(line.quantity) ? Number(line.quantity) : 0;
  return quantity >= 1 && quantity <= 1_000_000 ? quantity : null;
}

/** The line for the server to price; null while its quantity is not a number it would take. */
export function toLineInput(line: LineDraft): LineInput | null {
  const quantity = quantityOf(line);
  return quantity === null ? null : { sku: line.sku, quantity, options: optionsByGroup(line) };
}

/** A saved quote line back into the builder, to edit as a new revision. */
export const lineDraftOf = (line: QuoteLine): LineDraft => ({
  sku: line.sku,
  name: line.name,
  unit: line.unit,
  options: line.options.map(({ group, option, name }) => ({ group, option, name })),
  quantity: String(line.quantity),
  discount: line.discountBp ? bpToPercentText(line.discountBp) : '',
});

/**
 * A structured draft kept in storage as it changes, so leaving the page or a crash loses nothing, and read again
 * when the page shows (the catalog may have added lines meanwhile).
 * Storage is written at once, in order, so a `clear` right after an update is never undone by it.
 */
export function useStoredDraft<T extends object>(key: string, initial: () => T) {
  const latest = useRef<T>(readDraft<T>(key) ?? initial());
  const [value, setValue] = useState<T>(latest.current);
  const show = (next: T) => {
    latest.current = next;
    setValue(next);
  };
  useDidShow(() => {
    const found = readDraft<T>(key);
    if (found) show(found);
  });

  function update(change: Partial<T> | ((current: T) => T)) {
    const next = typeof change === 'function' ? change(latest.current) : { ...latest.current, ...change };
    writeDraft(key, next);
    show(next);
  }
  return {
    value,
    /** The value as of the last change, for code that runs after a render (an answer arriving). */
    read: () => latest.current,
    update,
    /** Starts over from `next` without storing it (a record just loaded is not yet anyone's unsaved work). */
    reset: (next: T) => {
      clearDraft(key);
      show(next);
    },
    save: () => writeDraft(key, latest.current),
    clear: () => clearDraft(key),
  };
}

interface RecordDraftOptions<R, T> {
  /** The editor's work on the record as saved. */
  fromRecord: (record: R) => T;
  /** The version of a record (a revision, a save time), and the version a draft was begun on. */
  basisOf: (record: R) => string | number;
  basisIn: (draft: T) => string | number | undefined;
  /** Work stored with no basis (lines the catalog added) joined to the record as saved; otherwise it is kept as is. */
  join?: (saved: T, kept: T) => T;
}

/**
 * The editor of a saved record: it starts from the record as loaded unless unsaved work for it is stored (asked
 * each time the record loads, since other pages store work too). Kept work is never dropped without a word:
 * `outdated` says the record has moved on since it was begun (saving replaces the newer version), and `drop`
 * returns to the record as it now is.
 */
export function useRecordDraft<R, T extends object>(key: string, record: R | null | undefined, empty: () => T, options: RecordDraftOptions<R, T>) {
  const draft = useStoredDraft<T>(key, empty);
  const { fromRecord, basisOf, basisIn, join } = options;
  const basis = record == null ? undefined : basisOf(record);
  useEffect(() => {
    if (record == null) return;
    const kept = readDraft<T>(key);
    if (!kept) draft.reset(fromRecord(record));
    else if (basisIn(kept) === undefined && join) draft.update(join(fromRecord(record), kept));
  }, [basis]);
  const begun = basisIn(draft.value);
  return {
    ...draft,
    outdated: basis !== undefined && begun !== undefined && begun !== basis,
    /** Whether unsaved work is stored now. */
    isKept: () => readDraft<T>(key) !== null,
    drop: () => record != null && draft.reset(fromRecord(record)),
  };
}
