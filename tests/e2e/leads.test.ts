import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';
import { signInInsideWeChat, useDemoInWeChat } from '../helpers/wechat-browser';

jest.setTimeout(120_000);

const t = useDemoInWeChat();

async function openLeads(page: Page) {
  await page.locator('.taro-tabbar__tabbar').getByText('工作台', { exact: true }).click();
  await current(page).locator('[data-testid=work-page]').waitFor();
  await current(page).locator('[data-testid=entry-leads]').click();
  await current(page).locator('[data-testid=leads-page]').waitFor();
}

const detail = (page: Page) => current(page).locator('[data-testid=lead-detail]');

async function writeFollowUp(page: Page, locate: boolean) {
  await detail(page).locator('[data-testid=lead-actions] .nut-button', { hasText: '写跟进' }).click();
  await choose(page, 'kind', '拜访');
  if (locate) await current(page).locator('[data-testid=visit-location] .nut-button').click();
}

describe('leads on a phone inside WeChat', () => {
  it('reports a lead after a masked duplicate warning, and records a visit with where it happened', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openLeads(page);
    await current(page).locator('.nut-cell', { hasText: '上海外高桥保税物流有限公司' }).waitFor();

    await current(page).locator('[data-testid=lead-create]').click();
    await current(page).locator('[data-testid=lead-form]').waitFor();
    // Offered to the silver partner in the demo: the warning says only that another partner has it.
    await fill(page, 'company', '滨江云联科技（杭州）有限公司');
    const warning = current(page).locator('[data-testid=lead-duplicates]');
    await warning.getByText('该客户已被其他伙伴报备（公司名称相同）').waitFor();
    await expect(warning.textContent()).resolves.not.toContain('西湖');
    await screenshot(page, 'lead-duplicate-warning');

    await fill(page, 'company', '上海虹桥会展服务有限公司');
    await warning.waitFor({ state: 'detached' });
    await fill(page, 'contactName', '黄总');
    await fill(page, 'phone', '021-6268 0000');
    await fill(page, 'province', '310000');
    await press(page, /^保存$/);
    await detail(page).waitFor();
    await expect(detail(page).locator('[data-testid=lead-state]').textContent()).resolves.toBe('新线索');

    t.wx.setPosition({ latitude: 31.19456, longitude: 121.32012, accuracy: 20 });
    await writeFollowUp(page, true);
    await current(page).getByText('已定位（精度约 20 米）').waitFor();
    await fill(page, 'text', '拜访客户，约定下周演示');
    await choose(page, 'next', '明天');
    await press(page, '提交跟进');
    const timeline = current(page).locator('[data-testid=lead-timeline]');
    await timeline.getByText('赵销售 跟进 · 拜访').waitFor();
    await timeline.getByText('位置 31.19456, 121.32012').waitFor();
    await expect(detail(page).locator('[data-testid=lead-state]').textContent()).resolves.toBe('跟进中');
    await screenshot(page, 'lead-visit-recorded');

    // Refused permission: the page says what to do, and the follow-up is still saved without a position.
    t.wx.setPosition('denied');
    await writeFollowUp(page, true);
    await current(page).getByText(/未获得定位权限/).waitFor();
    await fill(page, 'text', '电话确认演示时间');
    await press(page, '提交跟进');
    await timeline.getByText('电话确认演示时间').waitFor();
    await expect(timeline.getByText(/^位置 /).count()).resolves.toBe(1);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await context.close();
  });

  it('claims a lead from a pool: hidden until claimed, then the salesperson holds it', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openLeads(page);
    await current(page).locator('[data-testid=lead-pools]').click();
    await current(page).locator('.nut-cell', { hasText: '华东展会线索池' }).click();
    const pool = current(page).locator('[data-testid=lead-pool-page]');
    await pool.getByText('领取后可见').first().waitFor();
    await pool.locator('[data-testid=lead-claim]').first().click();
    await detail(page).waitFor();
    await expect(detail(page).locator('[data-testid=lead-state]').textContent()).resolves.toBe('新线索');
    await detail(page).getByText('有限公司').first().waitFor();
    await detail(page).locator('[data-testid=lead-timeline]').getByText('赵销售 领取').waitFor();
    await context.close();
  });
});

describe('lead pools at a desk', () => {
  it('an admin creates a pool with members and limits', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await page.locator('.taro-tabbar__tabbar').getByText('工作台', { exact: true }).click();
    await current(page).locator('[data-testid=work-page]').waitFor();
    await current(page).locator('[data-testid=entry-leadPools]').click();
    await current(page).locator('[data-testid=pool-create]').click();
    await current(page).locator('[data-testid=pool-form]').waitFor();
    await fill(page, 'name', '西南渠道线索池');
    await choose(page, 'distribution', '按区域就近推送');
    await choose(page, 'levelIds', '铜牌');
    await fill(page, 'perPerson', '10');
    await fill(page, 'noFollowUpDays', '0');
    await press(page, /^保存$/);
    await current(page).locator('[data-field=noFollowUpDays] .cp-field__error').waitFor();
    await fill(page, 'noFollowUpDays', '7');
    await press(page, /^保存$/);
    await current(page).locator('.nut-cell', { hasText: '西南渠道线索池' }).waitFor();
    await current(page).getByText('按区域就近推送 · 每人最多 10 条 · 每日 不限 条').waitFor();
    await screenshot(page, 'lead-pools-admin');
    await context.close();
  });
});
