import { getLocale, setLocale, t, translate } from '../../client/i18n';
import { enUS } from '../../client/i18n/en-US';
import { zhCN } from '../../client/i18n/zh-CN';
import { formatCny, formatDate, formatNumber } from '../../client/i18n/format';
import { ERROR_MESSAGES } from '../../types/errors';
import { customerLevelEn, customerLevelZh } from '../../client/components/customer-level-catalog';
import { followUpEn, followUpZh } from '../../client/components/follow-up-catalog';
import { peopleEn, peopleZh } from '../../client/components/people-catalog';
import { salesEn, salesZh } from '../../client/components/sales-catalog';
import { accountsEn, accountsZh } from '../../client/pages/accounts/catalog';
import { approvalsEn, approvalsZh } from '../../client/pages/approvals/catalog';
import { authEn, authZh } from '../../client/pages/auth/catalog';
import { catalogEn, catalogZh } from '../../client/pages/catalog/catalog';
import { leadsEn, leadsZh } from '../../client/pages/leads/catalog';
import { opportunitiesEn, opportunitiesZh } from '../../client/pages/opportunities/catalog';
import { ordersEn, ordersZh } from '../../client/pages/orders/catalog';
import { partnersEn, partnersZh } from '../../client/pages/partners/catalog';
import { quotesEn, quotesZh } from '../../client/pages/quotes/catalog';
import { tenantsEn, tenantsZh } from '../../client/pages/tenants/catalog';
import { deliveriesEn, deliveriesZh } from '../../client/pages/todos/deliveries/catalog';

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

  it("of the areas (registered when their pages load) fill the same placeholders in both languages, and none is empty", () => {
    const areas: Record<string, [Record<string, string>, Record<string, string>]> = {
      customerLevels: [customerLevelZh, customerLevelEn], followUp: [followUpZh, followUpEn], people: [peopleZh, peopleEn], sales: [salesZh, salesEn], accounts: [accountsZh, accountsEn],
      approvals: [approvalsZh, approvalsEn], auth: [authZh, authEn], catalog: [catalogZh, catalogEn], leads: [leadsZh, leadsEn],
      opportunities: [opportunitiesZh, opportunitiesEn], orders: [ordersZh, ordersEn], partners: [partnersZh, partnersEn], quotes: [quotesZh, quotesEn],
      tenants: [tenantsZh, tenantsEn], deliveries: [deliveriesZh, deliveriesEn],
    };
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    const core = new Set(Object.keys(zhCN));
    for (const [zh, en] of Object.values(areas)) {
      for (const [key, text] of Object.entries(zh)) {
        expect({ key, inCore: core.has(key), empty: !text.trim() || !en[key]?.trim(), p: placeholders(en[key] ?? '') }).toEqual({ key, inCore: false, empty: false, p: placeholders(text) });
      }
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
