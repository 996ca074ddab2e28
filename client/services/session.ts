import Taro from '@tarojs/taro';
import type { TokenPair } from '../../types/auth';
import type { Locale } from '../../types/errors';
import type { TokenStore } from './http-client';

const TOKENS_KEY = 'cp.tokens';
const LOCALE_KEY = 'cp.locale';
const TENANT_KEY = 'cp.tenant';

/** The remembered session: kept in WeChat/browser storage so a reopened app stays signed in. */
export const tokenStore: TokenStore = {
  get() {
    const value = Taro.getStorageSync(TOKENS_KEY) as TokenPair | '';
    return value || null;
  },
  set(tokens) {
    if (tokens) Taro.setStorageSync(TOKENS_KEY, tokens);
    else Taro.removeStorageSync(TOKENS_KEY);
  },
};

export function savedLocale(): Locale | null {
  const value = Taro.getStorageSync(LOCALE_KEY) as string;
  return value === 'zh-CN' || value === 'en-US' ? value : null;
}

export function saveLocale(locale: Locale): void {
  Taro.setStorageSync(LOCALE_KEY, locale);
}

/** Where unsent input is kept in storage (useForm's drafts and useStoredDraft's structured ones). */
export const DRAFT_PREFIX = 'cp.draft.';

/** Unsent input is the person's own: logging out leaves none of it for whoever uses the device next. */
export function forgetDrafts(): void {
  for (const key of Taro.getStorageInfoSync().keys) if (key.startsWith(DRAFT_PREFIX)) Taro.removeStorageSync(key);
}

/** The last company code used to log in, so the login form is pre-filled. */
export function savedTenant(): string {
  return (Taro.getStorageSync(TENANT_KEY) as string) || '';
}

export function saveTenant(code: string): void {
  Taro.setStorageSync(TENANT_KEY, code);
}
