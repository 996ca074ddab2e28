import type { Locale } from '../../types/errors';

/**
 * Locale formatting without Intl: the mini-program's JavaScript engines do not all ship full Intl data,
 * and both targets must show the same thing.
 */
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(value: string | Date, locale: Locale, withTime = false): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const time = withTime ? ` ${pad(date.getHours())}:${pad(date.getMinutes())}` : '';
  if (locale === 'zh-CN') return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${time}`;
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}${time}`;
}

/** Groups thousands with commas (both locales use them for digits). */
export function formatNumber(value: number, fractionDigits = 0): string {
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** CNY amounts: `¥1,234.50` in both languages; zh-CN switches to 万 for large round figures in summaries. */
export function formatCny(value: number, locale: Locale, compact = false): string {
  if (compact && locale === 'zh-CN' && Math.abs(value) >= 10_000) return `¥${formatNumber(value / 10_000, 2)}万`;
  if (compact && locale === 'en-US' && Math.abs(value) >= 1_000_000) return `¥${formatNumber(value / 1_000_000, 2)}M`;
  return `¥${formatNumber(value, 2)}`;
}

