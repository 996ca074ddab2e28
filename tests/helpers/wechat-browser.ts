import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TENANT } from '../../server/seed/demo';
import { BROWSER_USER_COOKIE, type WeChatEmulator } from '../fakes/wechat';
import { current, fill, press } from './browser';
import { useDemoInBrowser } from './demo-browser';
import { useEmulator } from './emulator';

export const DEMO_APP = { appId: 'wx00000000000000a9', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', token: 'e2etoken42', name: '演示服务号' };

/**
 * The demo in a browser with the WeChat emulator behind it: the demo's official account bound (as an admin would) and
 * registered with the emulator, and three WeChat users (zhao, zhou, li) who can open the H5 inside WeChat.
 */
export function useDemoInWeChat(options: { startJobs?: boolean } = {}) {
  const e = useEmulator();
  const t = useDemoInBrowser(() => ({ wechatApiBase: e.wx.baseUrl, ...options }));
  beforeAll(async () => {
    const login = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'admin', password: DEMO_PASSWORD } });
    const bound = await t.app.request('PUT', `/api/v1/wechat/apps/${DEMO_APP.appId}`, {
      token: login.body.accessToken,
      body: { kind: 'official', name: DEMO_APP.name, appSecret: DEMO_APP.appSecret, token: DEMO_APP.token },
    });
    if (bound.status !== 200) throw new Error(`binding the demo official account failed: ${bound.status}`);
    e.wx.registerApp({ ...DEMO_APP, kind: 'official', callbackUrl: `${t.app.baseUrl}/wechat/${DEMO_APP.appId}` });
    e.wx.addUser({ key: 'zhao', nickname: '赵销售' });
    e.wx.addUser({ key: 'zhou', nickname: '周老板' });
    e.wx.addUser({ key: 'li', nickname: '李经理' });
  });
  return {
    get app() {
      return t.app;
    },
    get browser() {
      return t.browser;
    },
    get wx(): WeChatEmulator {
      return e.wx;
    },
  };
}

/** Opens the app in WeChat as this person (silent snsapi_base authorization), binding the account the first time. */
export async function signInInsideWeChat(wx: WeChatEmulator, page: Page, userKey: string, account: string): Promise<void> {
  await page.context().addCookies([{ name: BROWSER_USER_COOKIE, value: userKey, url: wx.baseUrl }]);
  await page.goto(`/pages/auth/login/index?tenant=${DEMO_TENANT}`);
  const landed = current(page).locator('[data-testid=welcome], [data-testid=bind-page]').first();
  await landed.waitFor();
  if ((await landed.getAttribute('data-testid')) === 'bind-page') {
    await fill(page, 'account', account);
    await fill(page, 'password', DEMO_PASSWORD);
    await press(page, '绑定并登录');
  }
  await current(page).locator('[data-testid=welcome]').waitFor();
}
