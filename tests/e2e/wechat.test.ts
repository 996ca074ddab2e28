import { DEMO_PASSWORD, DEMO_TENANT } from '../../server/seed/demo';
import type { WeChatEmulator } from '../fakes/wechat';
import { DEMO_APP, signInInsideWeChat as signIn, useDemoInWeChat } from '../helpers/wechat-browser';
import type { Page } from 'playwright-core';
import { DESKTOP, WECHAT_ANDROID, WECHAT_PHONE, current, fill, newSession, press, screenshot } from '../helpers/browser';

jest.setTimeout(120_000);

const APP = DEMO_APP.appId;
const t = useDemoInWeChat();
let wx: WeChatEmulator;
beforeAll(() => {
  wx = t.wx;
});

describe('WeChat logins in a real browser', () => {
  it("inside WeChat: the login page hands over to WeChat's authorization, the first time binds, then it is silent", async () => {
    const first = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
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

    const again = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await again.page.goto(`/pages/auth/login/index?tenant=${DEMO_TENANT}`);
    await again.page.waitForURL(`${wx.baseUrl}/connect/oauth2/authorize**`);
    await again.page.locator('button.allow').click();
    await current(again.page).locator('[data-testid=welcome]', { hasText: '赵销售，您好' }).waitFor();
    await screenshot(again.page, 'wechat-oauth-signed-in');
    await again.context.close();
  });

  it('on a desktop browser: scanning the QR code with the bound WeChat signs the waiting page in', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
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

const signInInsideWeChat = (page: Page, userKey: string, account: string) => signIn(wx, page, userKey, account);

const lastConfig = () => wx.jssdk.configs[wx.jssdk.configs.length - 1];

describe('the JS-SDK inside WeChat', () => {
  it('on iOS signs the landing URL: a scan from another tab reads bar codes and opens our own links', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(page, 'zhou', 'silver_admin');
    // A fresh landing, known to the test: WeChat on iOS keeps checking this URL however the app navigates.
    const landing = `${t.app.baseUrl}/pages/home/index/index`;
    await page.goto(landing);
    await current(page).locator('[data-testid=welcome]').waitFor();
    await page.locator('.taro-tabbar__tabbar').getByText('工作台').click();
    await current(page).locator('[data-testid=work-page]').waitFor();
    expect(page.url()).not.toBe(landing);

    wx.queueScan('EAN_13,6901234567892');
    await current(page).locator('[data-testid=scan]').click();
    await page.getByText('6901234567892', { exact: true }).waitFor();
    expect(lastConfig()).toMatchObject({ appId: APP, url: landing, errMsg: 'config:ok' });
    expect(lastConfig().jsApiList).toEqual(expect.arrayContaining(['scanQRCode', 'getLocation', 'updateAppMessageShareData']));
    await page.getByText('确定', { exact: true }).click();

    wx.queueScan(`${t.app.baseUrl}/pages/auth/me/index`);
    await current(page).locator('[data-testid=scan]').click();
    await current(page).locator('[data-testid=me-page]').waitFor();
    expect(wx.jssdk.configs.filter((c) => c.errMsg === 'config:ok')).toHaveLength(1);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await context.close();
  });

  it('on Android signs the current page, and a cancelled scan says nothing', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_ANDROID, t.app.baseUrl);
    await signInInsideWeChat(page, 'zhou', 'silver_admin');
    await page.locator('.taro-tabbar__tabbar').getByText('工作台').click();
    await current(page).locator('[data-testid=work-page]').waitFor();
    const before = wx.jssdk.configs.length;

    // Nothing queued: the emulated camera asks in a prompt, which Playwright dismisses — the person backed out.
    await current(page).locator('[data-testid=scan]').click();
    for (let tries = 0; wx.jssdk.configs.length === before && tries < 50; tries++) await page.waitForTimeout(100);
    expect(lastConfig()).toMatchObject({ url: `${t.app.baseUrl}/pages/home/work/index`, errMsg: 'config:ok' });
    await page.waitForTimeout(300);
    await expect(page.locator('.taro__toast:visible, .taro__modal:visible').count()).resolves.toBe(0);

    wx.queueScan('渠道通演示');
    await current(page).locator('[data-testid=scan]').click();
    await page.getByText('渠道通演示', { exact: true }).waitFor();
    await context.close();
  });

  it("sets the share cards of a partner's page to a link of our own, and WeChat refuses a forged signature", async () => {
    const admin = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'admin', password: DEMO_PASSWORD } });
    const partner = (await t.app.request('GET', '/api/v1/partners?limit=1', { token: admin.body.accessToken })).body.items[0];
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(page, 'li', 'admin');
    await page.goto(`/pages/partners/detail/index?id=${partner.id}`);
    await current(page).locator('[data-testid=partner-detail]').waitFor();
    await current(page).locator('[data-testid=share]').click();
    await page.getByText(/右上角/).waitFor();
    const link = `${t.app.baseUrl}/pages/partners/detail/index?id=${partner.id}`;
    expect(wx.jssdk.shares.slice(-2)).toEqual([
      expect.objectContaining({ kind: 'appMessage', title: partner.name, link }),
      expect.objectContaining({ kind: 'timeline', title: partner.name, link }),
    ]);
    await screenshot(page, 'wechat-share-card');

    const refused = await page.evaluate(
      (appId) =>
        new Promise<string>((resolve) => {
          const sdk = (globalThis as unknown as { wx: { config(c: object): void; error(f: (r: { errMsg: string }) => void): void } }).wx;
          sdk.config({ appId, timestamp: 1, nonceStr: 'forged', signature: '0'.repeat(40), jsApiList: ['scanQRCode'] });
          sdk.error((result) => resolve(result.errMsg));
        }),
      APP,
    );
    expect(refused).toBe('config:invalid signature');
    await context.close();
  });
});
