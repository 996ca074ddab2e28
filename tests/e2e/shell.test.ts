import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TENANT } from '../../server/seed/demo';
import { useDemoInBrowser } from '../helpers/demo-browser';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';

jest.setTimeout(120_000);

const t = useDemoInBrowser();
/** The page's storage as the browser has it (the tests are type-checked without the DOM library). */
interface BrowserWindow {
  localStorage: { setItem(key: string, value: string): void };
}

describe('H5 in WeChat on a phone', () => {
  it('a partner member logs in and sees Home', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(page, 'gold_sales', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await expect(page.locator('[data-testid=welcome]').textContent()).resolves.toBe('赵销售，您好');
    await expect(page.locator('.cp-hero__sub').textContent()).resolves.toContain('上海浦江科技有限公司');
    // A partner member has no admin entries.
    expect(await page.locator('[data-testid=admin-entries]').count()).toBe(0);
    await screenshot(page, 'phone-member-home');
    // The session is remembered: a reload stays signed in.
    await page.reload();
    await page.waitForSelector('[data-testid=home-page]');
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await context.close();
  });

  it('logging out leaves no unsent draft on the device for the next person', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(page, 'gold_sales', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    // A draft as the pages keep it (Taro's storage is the browser's localStorage on H5), and a setting that stays.
    await page.evaluate(() => (globalThis as unknown as BrowserWindow).localStorage.setItem('cp.draft.order-new', JSON.stringify({ data: { accountId: 'x', lines: [] } })));
    await page.locator('.taro-tabbar__tabbar').getByText('我的').click();
    await page.waitForSelector('[data-testid=me-page]');
    await page.locator('[data-testid=logout]').click();
    await page.getByText('本机上未提交的草稿将被清除').waitFor();
    await page.getByText('确定', { exact: true }).click();
    await page.locator('[data-testid=login-page]').waitFor();
    // Read from the context, which outlives the page's navigation to login.
    const stored = (await context.storageState()).origins.flatMap((origin) => origin.localStorage.map((entry) => entry.name));
    expect(stored.filter((key) => key.startsWith('cp.draft.'))).toEqual([]);
    expect(stored).toContain('cp.tenant');
    await context.close();
  });

  it('a wrong password shows the server message in the current language', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(page, 'gold_sales', 'not-the-password-1');
    await expect(page.locator('[data-testid=form-error]').textContent()).resolves.toBe('账号或密码错误');
    await page.locator('[data-testid=language-switch]').getByText('English').click();
    await fill(page, 'password', 'still-not-it-2');
    await press(page, 'Log in');
    await current(page).locator('[data-testid=form-error]', { hasText: /^Wrong account or password$/ }).waitFor();
    await screenshot(page, 'phone-wrong-password-en');
    await context.close();
  });

  it('switching to en-US on Me changes the shell', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(page, 'gold_admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await page.locator('.taro-tabbar__tabbar').getByText('我的').click();
    await page.waitForSelector('[data-testid=me-page]');
    await page.locator('[data-testid=me-page] [data-testid=language-switch]').getByText('English').click();
    await current(page).locator('taro-button-core', { hasText: 'Log out' }).waitFor();
    await expect(page.locator('.taro-tabbar__tabbar').innerText()).resolves.toMatch(/Home[\s\S]*Work[\s\S]*Messages[\s\S]*Me/);
    await page.locator('.taro-tabbar__tabbar').getByText('Home').click();
    await current(page).locator('[data-testid=welcome]', { hasText: /^Hello, 张金牌$/ }).waitFor();
    await screenshot(page, 'phone-home-en');
    // An area in a subpackage brings its own texts, in the language chosen.
    await page.locator('.taro-tabbar__tabbar').getByText('Work').click();
    await current(page).locator('[data-testid=work-page]').waitFor();
    await current(page).locator('[data-testid=entry-approvals]').click();
    const approvals = current(page).locator('[data-testid=approvals-page]');
    await approvals.getByText('Waiting for me', { exact: true }).waitFor();
    await approvals.getByText('New request', { exact: true }).waitFor();
    expect(await approvals.innerText()).not.toMatch(/approvals\./);
    await context.close();
  });
});

describe('upstream admin and a new partner member', () => {
  it('admin creates a partner and a member; the member must change the initial password, then sees Home', async () => {
    const admin = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    const page = admin.page;
    await logIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await page.locator('[data-testid=entry-partners]').click();
    await page.waitForSelector('[data-testid=partners-page] [data-testid=list]');
    await page.locator('[data-testid=partner-create]').click();
    await page.waitForSelector('[data-testid=partner-form]');
    await fill(page, 'name', '广州天河新伙伴有限公司');
    await choose(page, 'levelId', '银牌');
    await fill(page, 'province', '440000');
    await fill(page, 'city', '440100');
    await press(page, '保存');
    await page.waitForSelector('[data-testid=partner-detail]');
    await expect(page.locator('[data-testid=partner-detail]').innerText()).resolves.toContain('广州天河新伙伴有限公司');
    await screenshot(page, 'phone-admin-partner-created');

    await current(page).locator('.nut-cell-clickable', { hasText: '成员' }).click();
    await page.waitForSelector('[data-testid=members-page]');
    await page.locator('[data-testid=member-create]').click();
    await page.waitForSelector('[data-testid=account-form]');
    await fill(page, 'name', '新成员');
    await fill(page, 'username', 'new_member');
    await fill(page, 'initialPassword', 'Start2026');
    await choose(page, 'partnerId', '广州天河新伙伴有限公司');
    await press(page, '保存');
    await page.waitForSelector('[data-testid=members-page] [data-testid=list]');
    await current(page).locator('[data-testid=list] .nut-cell', { hasText: '新成员' }).waitFor();
    await admin.context.close();

    const member = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(member.page, 'new_member', 'Start2026');
    await member.page.waitForSelector('[data-testid=forced-hint]');
    await fill(member.page, 'currentPassword', 'Start2026');
    await fill(member.page, 'newPassword', 'Mine2026x');
    await fill(member.page, 'confirm', 'Mine2026y');
    await press(member.page, '确认修改');
    await expect(member.page.locator('[data-field=confirm]').innerText()).resolves.toContain('两次输入的新密码不一致');
    await fill(member.page, 'confirm', 'Mine2026x');
    await press(member.page, '确认修改');
    await member.page.waitForSelector('[data-testid=home-page]');
    await expect(member.page.locator('[data-testid=welcome]').textContent()).resolves.toBe('新成员，您好');
    await screenshot(member.page, 'phone-new-member-home');
    await member.context.close();
  });
});

describe('desktop browser', () => {
  it("an admin binds the official account; the secrets are write-only from then on", async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=desk-nav]');
    await page.locator('[data-testid=desk-nav]').getByText('微信绑定').click();
    await current(page).locator('[data-testid=wechat-apps]').waitFor();
    await press(page, '绑定服务号');
    await current(page).locator('[data-testid=wechat-form]').waitFor();
    await fill(page, 'appId', 'wx0123456789abcdef');
    await fill(page, 'name', '演示服务号');
    await fill(page, 'appSecret', '0123456789abcdef0123456789abcdef');
    await fill(page, 'token', 'no spaces!');
    await fill(page, 'templates.todo', 'TPL-TODO-1');
    await press(page, '保存');
    // Checked in the page with the server's own schema before anything is sent, in the person's language.
    await current(page).locator('[data-field=token] .cp-field__error').getByText('服务器令牌为 3–32 位字母或数字').waitFor();
    await fill(page, 'token', 'demotoken123');
    await press(page, '保存');
    await current(page).locator('[data-testid=wechat-apps] .nut-cell', { hasText: '/wechat/wx0123456789abcdef' }).click();
    await current(page).locator('[data-field=appSecret]', { hasText: '已设置；留空则保持不变' }).waitFor();
    await expect(current(page).locator('[data-field="templates.todo"] input').inputValue()).resolves.toBe('TPL-TODO-1');
    await screenshot(page, 'desktop-admin-wechat-binding');
    await context.close();

    const login = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'admin', password: DEMO_PASSWORD } });
    const apps = await t.app.request('GET', '/api/v1/wechat/apps', { token: login.body.accessToken });
    expect(apps.body).toEqual([expect.objectContaining({ appId: 'wx0123456789abcdef', appSecretSet: true, tokenSet: true, templates: { todo: 'TPL-TODO-1' } })]);
  });

  it('upstream staff get the wide layout with the admin menu', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'manager', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=desk-nav]');
    await page.locator('[data-testid=desk-nav]').getByText('合作伙伴').click();
    await page.waitForSelector('[data-testid=partners-page] [data-testid=list]');
    await expect(page.locator('[data-testid=partners-page] [data-testid=list] .nut-cell').count()).resolves.toBe(3);
    await screenshot(page, 'desktop-manager-partners');
    await context.close();
  });
});
