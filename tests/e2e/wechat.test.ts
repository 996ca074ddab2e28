import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureClientBuilt } from '../../server/core/client';
import { DEMO_PASSWORD, DEMO_TENANT, seedDemo } from '../../server/seed/demo';
import { startWeChatEmulator, type WeChatEmulator } from '../fakes/wechat';
import { startTestApp, type TestApp } from '../helpers/app';
import { DESKTOP, WECHAT_PHONE, current, fill, launchChromium, newSession, press, screenshot } from '../helpers/browser';

jest.setTimeout(120_000);

const APP = 'wx00000000000000a9';
const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const TOKEN = 'e2etoken42';

let wx: WeChatEmulator;
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  const dist = path.resolve(__dirname, '../../dist/h5');
  ensureClientBuilt(dist, (message) => console.log(message));
  wx = await startWeChatEmulator();
  app = await startTestApp({ clientDist: dist, wechatApiBase: wx.baseUrl });
  await seedDemo();
  const login = await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'admin', password: DEMO_PASSWORD } });
  const bound = await app.request('PUT', `/api/v1/wechat/apps/${APP}`, {
    token: login.body.accessToken,
    body: { kind: 'official', name: '演示服务号', appSecret: SECRET, token: TOKEN },
  });
  expect(bound.status).toBe(200);
  wx.registerApp({ appId: APP, appSecret: SECRET, kind: 'official', name: '演示服务号', token: TOKEN, callbackUrl: `${app.baseUrl}/wechat/${APP}` });
  wx.addUser({ key: 'zhao', nickname: '赵销售' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await wx?.close();
});

describe('WeChat logins in a real browser', () => {
  it("inside WeChat: the login page hands over to WeChat's authorization, the first time binds, then it is silent", async () => {
    const first = await newSession(browser, WECHAT_PHONE, app.baseUrl);
    await first.page.goto(`/pages/auth/login/index?tenant=${DEMO_TENANT}`);
    await first.page.waitForURL(`${wx.baseUrl}/connect/oauth2/authorize**`);
    await screenshot(first.page, 'wechat-authorize-page');
    await first.page.locator('button.allow').click();
    await first.page.waitForSelector('[data-testid=bind-page]');
    await fill(first.page, 'account', 'gold_sales');
    await fill(first.page, 'password', DEMO_PASSWORD);
    await press(first.page, '绑定并登录');
    await current(first.page).locator('[data-testid=welcome]', { hasText: '赵销售，您好' }).waitFor();
    await first.context.close();

    const again = await newSession(browser, WECHAT_PHONE, app.baseUrl);
    await again.page.goto(`/pages/auth/login/index?tenant=${DEMO_TENANT}`);
    await again.page.waitForURL(`${wx.baseUrl}/connect/oauth2/authorize**`);
    await again.page.locator('button.allow').click();
    await current(again.page).locator('[data-testid=welcome]', { hasText: '赵销售，您好' }).waitFor();
    await screenshot(again.page, 'wechat-oauth-signed-in');
    await again.context.close();
  });

  it('on a desktop browser: scanning the QR code with the bound WeChat signs the waiting page in', async () => {
    const { context, page } = await newSession(browser, DESKTOP, app.baseUrl);
    await page.goto('/pages/auth/login/index');
    await fill(page, 'tenant', DEMO_TENANT);
    await page.locator('[data-testid=qr-show]').click();
    const image = current(page).locator('[data-testid=qr-image] img');
    await image.waitFor();
    await screenshot(page, 'wechat-qr-waiting');
    const ticket = new URL((await image.getAttribute('src'))!).searchParams.get('ticket')!;
    const pushed = await wx.scan(APP, 'zhao', ticket);
    expect(pushed.body).toContain('已确认');
    await current(page).locator('[data-testid=welcome]', { hasText: '赵销售，您好' }).waitFor();
    await context.close();
  });
});
