import { useSyncExternalStore } from 'react';
import type { Locale } from '../../types/errors';
import { loadEnglish } from './en-loader';
import { formatCny, formatDate, formatFen, formatNumber } from './format';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };

let current: Locale = 'zh-CN';
let english: Record<MessageKey, string> | null = null;
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

/** `t('home.welcome', { name })`: the locale's text with `{placeholders}` filled in. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const catalog = locale === 'en-US' && english ? english : zhCN;
  const text = catalog[key] ?? key;
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
    fen: (value: number) => formatFen(value),
  };
}
