import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';
import { signInInsideWeChat, useDemoInWeChat } from '../helpers/wechat-browser';

jest.setTimeout(120_000);

const t = useDemoInWeChat();

async function openWork(page: Page, entry: string, pageId: string) {
  await page.locator('.taro-tabbar__tabbar').getByText('工作台', { exact: true }).click();
  await current(page).locator('[data-testid=work-page]').waitFor();
  await current(page).locator(`[data-testid=entry-${entry}]`).click();
  await current(page).locator(`[data-testid=${pageId}]`).waitFor();
}

const detail = (page: Page) => current(page).locator('[data-testid=opportunity-detail]');

describe('opportunities on a phone inside WeChat', () => {
  it('files an opportunity on a customer, does the stage tasks and advances', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openWork(page, 'opportunities', 'opportunities-page');
    await current(page).locator('.nut-cell', { hasText: '康启物流自动分拣线' }).waitFor();

    await current(page).locator('[data-testid=opportunity-create]').click();
    await current(page).locator('[data-testid=opportunity-form]').waitFor();
    await choose(page, 'accountId', '康启物流有限责任公司');
    await fill(page, 'name', '康启物流冷库改造');
    await fill(page, 'amount', '12.345');
    await press(page, /^保存$/);
    await current(page).locator('[data-field=amount] .cp-field__error').waitFor();
    await fill(page, 'amount', '250000');
    // A date may be typed or picked: the calendar opens on today (in China) while none is typed, and the day picked
    // is written in the field.
    const calendar = current(page).locator('[data-testid=pick-expectedCloseDate]');
    await expect(calendar.inputValue()).resolves.toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await calendar.fill('2027-06-30');
    await expect(current(page).locator('[data-field=expectedCloseDate] input:not([type=date])').inputValue()).resolves.toBe('2027-06-30');
    await press(page, /^保存$/);
    await detail(page).waitFor();
    await detail(page).locator('[data-testid=opportunity-state]').getByText('报备保护中').waitFor();

    // The first stage asks for the needs confirmed (a checklist item) and the amount (filled already).
    const advance = detail(page).locator('[data-testid=opportunity-actions] .nut-button', { hasText: '推进到「方案报价」' });
    await advance.click();
    await page.getByText(/请先完成当前阶段的必做任务/).first().waitFor();
    await detail(page).locator('[data-testid=task-needs]').click();
    await detail(page).locator('[data-testid=opportunity-timeline]').getByText('赵销售 完成任务').waitFor();
    await advance.click();
    await detail(page).getByText('阶段：方案报价 · 赢率 40%').waitFor();
    await screenshot(page, 'opportunity-advanced');

    // Quoting starts from here: the builder has the customer and this opportunity chosen.
    await detail(page).locator('[data-testid=opportunity-quote]').click();
    const builder = current(page).locator('[data-testid=quote-form]');
    await builder.locator('[data-field=accountId]').getByText('康启物流有限责任公司').waitFor();
    await builder.locator('[data-field=opportunityId]').getByText('康启物流冷库改造').waitFor();
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await context.close();
  });
});

describe('the upstream at a desk', () => {
  it('sees the funnel, win rates and forecast across partners', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'manager', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await openWork(page, 'opportunities', 'opportunities-page');
    await current(page).locator('[data-testid=opportunity-stats]').click();
    const stats = current(page).locator('[data-testid=opportunity-stats-page]');
    await stats.locator('[data-testid=funnel-stage]').first().waitFor();
    await expect(stats.locator('[data-testid=funnel-stage]').allTextContents()).resolves.toEqual(['需求确认 4 个', '方案报价 3 个', '商务谈判 1 个', '签约 1 个']);
    await stats.locator('[data-testid=forecast]').getByText(/^2027-03：¥344,000.00/).waitFor();
    await screenshot(page, 'opportunity-funnel');
    await context.close();
  });
});
