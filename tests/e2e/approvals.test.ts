import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { useDemoInBrowser } from '../helpers/demo-browser';
import { DESKTOP, WECHAT_PHONE, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';

jest.setTimeout(120_000);

const t = useDemoInBrowser();

const tab = (page: Page, label: string) => page.locator('.taro-tabbar__tabbar').getByText(label, { exact: true }).click();

/** Opens the Messages tab as a WeChat message's link would (a fresh load), then one item of a pane. */
async function openInboxItem(page: Page, pane: '待办' | '通知', text: string) {
  await page.goto('/pages/todos/inbox/index');
  const inbox = current(page).locator('[data-testid=inbox-page]');
  await inbox.waitFor();
  await inbox.getByText(pane, { exact: true }).first().click();
  await inbox.locator('.nut-cell', { hasText: text }).first().click();
  await current(page).locator('[data-testid=approval-detail]').waitFor();
}

async function decide(page: Page, action: string, comment: string) {
  await current(page).locator('[data-testid=approval-actions] .nut-button', { hasText: action }).click();
  await page.locator('.nut-dialog input').fill(comment);
  await page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
}

describe('a request through its approval, in the browser', () => {
  it('is filed on a phone, returned by the channel manager at a desk, resubmitted and approved', async () => {
    const sales = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await logIn(sales.page, 'gold_sales', DEMO_PASSWORD);
    await sales.page.waitForSelector('[data-testid=home-page]');
    await tab(sales.page, '工作台');
    await current(sales.page).locator('[data-testid=work-page]').waitFor();
    await current(sales.page).locator('[data-testid=entry-approvals]').click();
    await current(sales.page).locator('[data-testid=approval-request]').click();
    await fill(sales.page, 'title', '春季展会物料费');
    await fill(sales.page, 'content', '展台搭建与印刷');
    await fill(sales.page, 'amount', '1234.5');
    await press(sales.page, /^(保存|提交)$/);
    const detail = current(sales.page).locator('[data-testid=approval-detail]');
    await detail.waitFor();
    await detail.getByText('¥1,234.50').waitFor();
    await expect(detail.locator('[data-testid=approval-state]').textContent()).resolves.toBe('审批中');
    await screenshot(sales.page, 'approval-submitted');

    const manager = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(manager.page, 'manager', DEMO_PASSWORD);
    await manager.page.waitForSelector('[data-testid=home-page]');
    await openInboxItem(manager.page, '待办', '待审批：春季展会物料费');
    await decide(manager.page, '退回修改', '请附上报价单');
    await current(manager.page).locator('[data-testid=approval-state]', { hasText: '已退回' }).waitFor();

    await openInboxItem(sales.page, '通知', '春季展会物料费 被退回修改');
    await current(sales.page).getByText('请附上报价单').waitFor();
    await current(sales.page).locator('[data-testid=approval-actions] .nut-button', { hasText: '重新提交' }).click();
    await current(sales.page).locator('[data-testid=approval-form]').waitFor();
    await fill(sales.page, 'amount', '1100');
    await fill(sales.page, 'comment', '已附报价单');
    await press(sales.page, /^(保存|提交)$/);
    await current(sales.page).locator('[data-testid=approval-state]', { hasText: '审批中' }).waitFor();
    await current(sales.page).getByText('¥1,100.00').waitFor();

    await openInboxItem(manager.page, '待办', '待审批：春季展会物料费');
    await decide(manager.page, '通过', '同意');
    await current(manager.page).locator('[data-testid=approval-state]', { hasText: '已通过' }).waitFor();
    const history = await current(manager.page).locator('[data-testid=approval-history]').innerText();
    expect(history).toMatch(/赵销售 提交[\s\S]*李经理 退回修改[\s\S]*赵销售 重新提交[\s\S]*李经理 通过/);
    await screenshot(manager.page, 'approval-approved-desk');
    for (const session of [sales, manager]) expect((session.page as Page & { problems: string[] }).problems).toEqual([]);
    await sales.context.close();
    await manager.context.close();
  });

  it('lets an admin configure a two-step flow with a condition', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await tab(page, '工作台');
    await current(page).locator('[data-testid=work-page]').waitFor();
    await current(page).locator('[data-testid=entry-approvalFlows]').click();
    await current(page).locator('[data-testid=flow-create]').click();
    const form = current(page).locator('[data-testid=flow-form]');
    await form.waitFor();
    await fill(page, 'name', '展会补贴');
    await form.locator('[data-testid=flow-add-condition]').click();
    await fill(page, 'conditions.0.value', '20000');
    await fill(page, 'steps.0.name', '渠道经理');
    await form.locator('[data-testid=flow-add-step]').click();
    await fill(page, 'steps.1.name', '管理员');
    await form.locator('[data-testid=flow-step]').nth(1).getByText('所有管理员', { exact: true }).click();
    await press(page, /^(保存|提交)$/);
    const row = current(page).locator('.nut-cell', { hasText: '通用申请 · 展会补贴' });
    await row.getByText('优先级 0 · 2 个步骤 · 第 1 版', { exact: true }).waitFor();
    const flows = (await t.app.request('GET', '/api/v1/approval-flows', { token: await token('admin') })).body;
    expect(flows.find((flow: { name: string }) => flow.name === '展会补贴')).toMatchObject({ kind: 'general_request', conditions: [{ field: 'amount', op: 'gte', value: 2_000_000 }], steps: [{ approvers: [{ type: 'channel_manager' }] }, { approvers: [{ type: 'role', role: 'admin' }] }] });
    await context.close();
  });
});

async function token(account: string): Promise<string> {
  return (await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: 'demo', account, password: DEMO_PASSWORD } })).body.accessToken;
}
