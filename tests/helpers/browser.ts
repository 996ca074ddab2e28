import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/** WeChat's in-app browser on an iPhone, as partner staff see the H5. */
export const WECHAT_PHONE = {
  viewport: { width: 390, height: 844 },
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN',
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
/** WeChat on Android: the JS-SDK checks the current page's URL, not the landing one. */
export const WECHAT_ANDROID = {
  ...WECHAT_PHONE,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240404 MMWEBID/2307 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
};
export const DESKTOP = { viewport: { width: 1440, height: 900 } };

/** Debian's Chromium (installed by .ci/run), headless, with nothing that reaches outside this machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A fresh browser profile (no remembered session) for one person. */
export async function newSession(browser: Browser, device: typeof WECHAT_PHONE | typeof DESKTOP, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, baseURL, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  return { context, page };
}

/** The page on top: Taro's H5 router keeps the pages below it in the document, hidden. */
export function current(page: Page) {
  return page.locator('.taro_page:visible').last();
}

/** Fills a form field rendered by client/components/Fields (found by its data-field name) on the current page. */
export async function fill(page: Page, field: string, value: string): Promise<void> {
  // The text a person types (a date field's calendar input is reached by its test id).
  await current(page).locator(`[data-field="${field}"] input:not([type=date])`).fill(value);
}

/** Taps a choice (a tag) of a ChoiceField on the current page. */
export async function choose(page: Page, field: string, label: string): Promise<void> {
  await current(page).locator(`[data-field="${field}"]`).getByText(label, { exact: true }).click();
}

/** Clicks the NutUI button whose text is `label` on the current page. */
export async function press(page: Page, label: string | RegExp): Promise<void> {
  await current(page).locator('taro-button-core', { hasText: label }).first().click();
}

/** Signs in with the login page's password form (the demo tenant unless told otherwise). */
export async function logIn(page: Page, account: string, password: string, tenant = 'demo'): Promise<void> {
  await page.goto('/');
  await page.waitForSelector('[data-testid=login-page]');
  await fill(page, 'tenant', tenant);
  await fill(page, 'account', account);
  await fill(page, 'password', password);
  await press(page, /^(登录|Log in)$/);
}
