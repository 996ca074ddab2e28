import { getLocale, setLocale, t, translate } from '../../client/i18n';
import { enUS } from '../../client/i18n/en-US';
import { zhCN } from '../../client/i18n/zh-CN';
import { formatCny, formatDate, formatNumber } from '../../client/i18n/format';
import { ERROR_MESSAGES } from '../../types/errors';

const CATALOGS = { 'zh-CN': zhCN, 'en-US': enUS };

describe('catalogs', () => {
  it('have the same keys in both languages, and no empty text', () => {
    expect(Object.keys(CATALOGS['en-US']).sort()).toEqual(Object.keys(CATALOGS['zh-CN']).sort());
    for (const catalog of Object.values(CATALOGS)) {
      for (const [key, text] of Object.entries(catalog)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
    for (const [code, titles] of Object.entries(ERROR_MESSAGES)) expect({ code, both: Boolean(titles['zh-CN'] && titles['en-US']) }).toEqual({ code, both: true });
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(CATALOGS['zh-CN']) as (keyof (typeof CATALOGS)['zh-CN'])[]) {
      expect({ key, p: placeholders(CATALOGS['en-US'][key]) }).toEqual({ key, p: placeholders(CATALOGS['zh-CN'][key]) });
    }
  });

  it('switch language for every later lookup (loading English on demand) and fill placeholders', async () => {
    expect(getLocale()).toBe('zh-CN');
    expect(t('home.welcome', { name: '张三' })).toBe('张三，您好');
    await setLocale('en-US');
    expect(t('home.welcome', { name: 'Zhang' })).toBe('Hello, Zhang');
    await setLocale('zh-CN');
    expect(translate('en-US', 'tab.home')).toBe('Home');
  });
});

describe('formatting', () => {
  const date = new Date(2026, 10, 29, 9, 5);
  it('dates per locale', () => {
    expect(formatDate(date, 'zh-CN')).toBe('2026-11-29');
    expect(formatDate(date, 'zh-CN', true)).toBe('2026-11-29 09:05');
    expect(formatDate(date, 'en-US')).toBe('Nov 29, 2026');
    expect(formatDate('not a date', 'en-US')).toBe('');
  });

  it('numbers and CNY amounts', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.5, 2)).toBe('-1,234.50');
    expect(formatCny(1234.5, 'zh-CN')).toBe('¥1,234.50');
    expect(formatCny(123456, 'zh-CN', true)).toBe('¥12.35万');
    expect(formatCny(2500000, 'en-US', true)).toBe('¥2.50M');
    expect(formatCny(999, 'en-US', true)).toBe('¥999.00');
  });
});
