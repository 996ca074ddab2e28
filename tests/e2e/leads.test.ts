import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';
import { signInInsideWeChat, useDemoInWeChat } from '../helpers/wechat-browser';

jest.setTimeout(120_000);

// Jobs run as in `npm start`: imports are carried out by them.
const t = useDemoInWeChat({ startJobs: true });

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
    // What may not stay blank is marked from the shared schema; the rest is not.
    const marked = await current(page).locator('[data-testid=lead-form] [data-required] .cp-field__label').allTextContents();
    expect(marked).toEqual(['公司名称', '省份代码']);
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
    await current(page).locator('[data-field=noFollowUpDays] .cp-field__error').getByText('不能小于 1').waitFor();
    await fill(page, 'noFollowUpDays', '7');
    await press(page, /^保存$/);
    await current(page).locator('.nut-cell', { hasText: '西南渠道线索池' }).waitFor();
    await current(page).getByText('按区域就近推送 · 每人最多 10 条 · 每日 不限 条').waitFor();
    await screenshot(page, 'lead-pools-admin');
    await context.close();
  });
});

async function rowsOf(download: Download): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('import and export at a desk', () => {
  it('imports a spreadsheet with a progress bar, hands back the failed rows, and exports the list', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'manager', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await openLeads(page);
    await current(page).locator('[data-testid=lead-import]').click();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('线索');
    [['公司名称', '联系人', '手机', '省份'], ['武汉光谷激光科技有限公司', '郑工', '13712345678', '420000'], ['', '无名', '13712345679', '420000'], ['长沙岳麓机器人有限公司', '', '12345', '430000'], ['合肥高新量子通信有限公司', '', '', '340000']].forEach((r) => sheet.addRow(r));
    const chooser = page.waitForEvent('filechooser');
    await current(page).locator('[data-testid=import-choose]').click();
    await (await chooser).setFiles({ name: '线索导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await workbook.xlsx.writeBuffer()) });
    await current(page).getByText('文件：线索导入.xlsx。请确认每个字段对应的列：').waitFor();
    await current(page).locator('[data-field=map-company]').getByText('示例：武汉光谷激光科技有限公司').waitFor();
    await current(page).locator('[data-testid=import-start]').click();
    await current(page).locator('[data-testid=import-counts]', { hasText: '已处理 4 / 4 行，成功 2，失败 2' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'lead-import-done');

    const failed = page.waitForEvent('download');
    await current(page).locator('[data-testid=import-errors]').click();
    const errorRows = await rowsOf(await failed);
    expect(errorRows.map((r) => r[0])).toEqual(['行号', '3', '4']);
    expect(errorRows[1][errorRows[1].length - 1]).toMatch(/^公司名称: /);

    await press(page, /^线索$/);
    await current(page).locator('.nut-cell', { hasText: '武汉光谷激光科技有限公司' }).waitFor();
    const exported = page.waitForEvent('download');
    await current(page).locator('[data-testid=lead-export]').click();
    const exportRows = await rowsOf(await exported);
    expect(exportRows[0][0]).toBe('公司名称');
    expect(exportRows.map((r) => r[0])).toEqual(expect.arrayContaining(['武汉光谷激光科技有限公司', '合肥高新量子通信有限公司']));
    await context.close();
  });
});
