import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';
import { signInInsideWeChat, useDemoInWeChat } from '../helpers/wechat-browser';

jest.setTimeout(120_000);

const t = useDemoInWeChat();

async function openAccounts(page: Page) {
  await page.locator('.taro-tabbar__tabbar').getByText('工作台', { exact: true }).click();
  await current(page).locator('[data-testid=work-page]').waitFor();
  await current(page).locator('[data-testid=entry-accounts]').click();
  await current(page).locator('[data-testid=accounts-page]').waitFor();
}

const detail = (page: Page) => current(page).locator('[data-testid=account-detail]');
const form = (page: Page) => current(page).locator('[data-testid=account-form]');

describe('accounts on a phone inside WeChat', () => {
  it('reports a customer picked from the business registry, and it is protected for the partner', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openAccounts(page);
    await current(page).locator('.nut-cell', { hasText: '康启物流有限责任公司' }).waitFor();

    await current(page).locator('[data-testid=account-create]').click();
    await form(page).waitFor();
    await fill(page, 'name', '帆丰');
    const suggestion = form(page).locator('[data-testid=registry-suggestion]', { hasText: '帆丰（南京）软件股份有限公司' });
    await suggestion.waitFor();
    await screenshot(page, 'account-registry-autocomplete');
    await suggestion.click();
    await expect(form(page).locator('[data-field=creditCode] input').inputValue()).resolves.toBe('91320106KJ3L0K1E5U');
    await expect(form(page).locator('[data-field=province] input').inputValue()).resolves.toBe('320000');
    await choose(page, 'customerLevel', '重点客户');
    await fill(page, 'contactName', '钱总');
    await fill(page, 'contactPhone', '13811112222');
    await press(page, /^保存$/);
    await detail(page).waitFor();
    await detail(page).getByText('报备保护中').waitFor();
    await detail(page).getByText('存续').waitFor();
    await detail(page).getByText('钱总').waitFor();
    await screenshot(page, 'account-reported');
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await context.close();
  });

  it("is blocked from another partner's customer with masked feedback, and takes it to arbitration", async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openAccounts(page);
    await current(page).locator('[data-testid=account-create]').click();
    await form(page).waitFor();
    // The silver partner holds this customer in the demo.
    await fill(page, 'name', '北仑港务设备（宁波）有限公司');
    const found = form(page).locator('[data-testid=account-duplicates]');
    await found.getByText('【不可创建】其他伙伴已报备相似客户（名称）').waitFor();
    const said = (await found.textContent()) ?? '';
    for (const secret of ['钱银牌', '宁波北仑港务设备有限公司', '银牌']) expect(said).not.toContain(secret);
    await screenshot(page, 'account-duplicate-blocked');

    await fill(page, 'province', '330000');
    await found.locator('[data-testid=account-dispute]').click();
    await page.locator('.nut-dialog input').fill('该客户 2025 年由我司签约，合同编号 HT-2025-018');
    await page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
    const opened = current(page).locator('[data-testid=dispute-detail]');
    await opened.waitFor();
    await opened.getByText('待处理').waitFor();
    await opened.getByText('该客户 2025 年由我司签约，合同编号 HT-2025-018').waitFor();
    await context.close();
  });

  it('claims a customer from the pool', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openAccounts(page);
    await current(page).locator('[data-testid=account-pools]').click();
    await current(page).locator('.nut-cell', { hasText: '华东客户公海' }).click();
    const pool = current(page).locator('[data-testid=account-pool-page]');
    await pool.getByText('合肥高新光电材料有限公司').waitFor();
    await pool.locator('.nut-cell', { hasText: '合肥高新光电材料有限公司' }).locator('[data-testid=account-claim]').click();
    await detail(page).waitFor();
    await detail(page).getByText('合肥高新光电材料有限公司').first().waitFor();
    await detail(page).locator('[data-testid=account-timeline]').getByText('赵销售 领取').waitFor();
    // Returned with a reason, it waits in the pool again, and the salesperson cools down before claiming it back.
    await detail(page).locator('[data-testid=account-actions] .nut-button', { hasText: '退回公海' }).click();
    await current(page).locator('[data-testid=account-return]').waitFor();
    await fill(page, 'reason', '客户暂无采购计划');
    await press(page, /^保存$/);
    const back = current(page).locator('[data-testid=account-pool-page]');
    await back.locator('.nut-cell', { hasText: '合肥高新光电材料有限公司' }).getByText(/^冷却期至 /).waitFor();
    await context.close();
  });
});

describe('account rules and arbitration at a desk', () => {
  it('the channel manager grants the dispute; the admin adds a duplicate rule', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'manager', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await openAccounts(page);
    await current(page).locator('[data-testid=account-disputes]').click();
    await current(page).locator('.nut-cell', { hasText: '北仑港务设备（宁波）有限公司' }).click();
    const decide = current(page).locator('[data-testid=dispute-decide]');
    await decide.waitFor();
    await fill(page, 'comment', '合同在先，改判金牌伙伴');
    await decide.locator('[data-testid=dispute-grant]').click();
    await current(page).locator('[data-testid=dispute-detail]').getByText('改判归属申请方').first().waitFor();
    await screenshot(page, 'account-dispute-granted');
    await context.close();

    const desk = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(desk.page, 'admin', DEMO_PASSWORD);
    await desk.page.waitForSelector('[data-testid=home-page]');
    await desk.page.locator('.taro-tabbar__tabbar').getByText('工作台', { exact: true }).click();
    await current(desk.page).locator('[data-testid=work-page]').waitFor();
    await current(desk.page).locator('[data-testid=entry-accountSettings]').click();
    const settings = current(desk.page).locator('[data-testid=account-settings]');
    await settings.locator('[data-testid=duplicate-rule]').first().waitFor();
    const before = await settings.locator('[data-testid=duplicate-rule]').count();
    await settings.locator('[data-testid=rule-add]').click();
    await press(desk.page, /^保存$/);
    // A rule needs a name: the shared schema says so before anything is sent.
    await settings.locator(`[data-field=rule-${before}-name] .cp-field__error`).waitFor();
    await fill(desk.page, `rule-${before}-name`, '电话与名称相似');
    await choose(desk.page, `rule-${before}-0-match`, '相似');
    await press(desk.page, /^保存$/);
    await desk.page.getByText('已保存').waitFor();
    await screenshot(desk.page, 'account-rules');
    await desk.context.close();
  });
});
