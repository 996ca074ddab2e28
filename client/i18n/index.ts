import { useSyncExternalStore } from 'react';
import type { Locale } from '../../types/locale';
import type { ApprovalMessageKey } from '../pages/approvals/catalog';
import type { AuthMessageKey } from '../pages/auth/catalog';
import type { FollowUpMessageKey } from '../components/follow-up-catalog';
import type { PeopleMessageKey } from '../components/people-catalog';
import type { SalesMessageKey } from '../components/sales-catalog';
import type { CustomerLevelMessageKey } from '../components/customer-level-catalog';
import type { DeliveriesMessageKey } from '../pages/todos/deliveries/catalog';
import type { AccountsMessageKey } from '../pages/accounts/catalog';
import type { LeadsMessageKey } from '../pages/leads/catalog';
import type { OpportunitiesMessageKey } from '../pages/opportunities/catalog';
import type { CatalogMessageKey } from '../pages/catalog/catalog';
import type { QuotesMessageKey } from '../pages/quotes/catalog';
import type { OrdersMessageKey } from '../pages/orders/catalog';
import type { PartnersMessageKey } from '../pages/partners/catalog';
import type { TenantsMessageKey } from '../pages/tenants/catalog';
import { loadEnglish } from './en-loader';
import { formatCny, formatDate, formatNumber } from './format';
import { zhCN, type MessageKey as CoreMessageKey } from './zh-CN';

/** Core texts travel in the first load; an area in a subpackage registers its own (see registerCatalog). */
export type MessageKey = CoreMessageKey | AuthMessageKey | ApprovalMessageKey | LeadsMessageKey | AccountsMessageKey | OpportunitiesMessageKey | CatalogMessageKey | QuotesMessageKey | OrdersMessageKey
  | SalesMessageKey | CustomerLevelMessageKey | FollowUpMessageKey | PeopleMessageKey | DeliveriesMessageKey | PartnersMessageKey | TenantsMessageKey;

let current: Locale = 'zh-CN';
let english: Record<CoreMessageKey, string> | null = null;
const areas: Record<Locale, Record<string, string>> = { 'zh-CN': {}, 'en-US': {} };
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

/** Switches the language; English is loaded first when it is not yet (the UI stays in Chinese until then). */
export async function setLocale(locale: Locale): Promise<void> {
  if (locale === 'en-US' && !english) english = await loadEnglish();
  if (locale === current) return;
  current = locale;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An area's texts, registered when its pages load (so they stay out of the first load). */
export function registerCatalog(catalog: Record<Locale, Record<string, string>>): void {
  Object.assign(areas['zh-CN'], catalog['zh-CN']);
  Object.assign(areas['en-US'], catalog['en-US']);
}

/** `t('home.welcome', { name })`: the locale's text with `{placeholders}` filled in. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const core: Record<string, string> = locale === 'en-US' && english ? english : zhCN;
  const area = areas[locale === 'en-US' && english ? 'en-US' : 'zh-CN'];
  const text = core[key] ?? area[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? '')) : text;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

/** Re-renders on a language switch; everything a page shows should come through here. */
export function useI18n() {
  const locale = useSyncExternalStore(subscribe, getLocale, getLocale);
  return {
    locale,
    t: (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
    date: (value: string | Date, withTime = false) => formatDate(value, locale, withTime),
    number: (value: number, digits = 0) => formatNumber(value, digits),
    cny: (value: number, compact = false) => formatCny(value, locale, compact),
  };
}
