import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TENANT } from '../../server/seed/demo';
import { IDEMPOTENCY_HEADER } from '../../types/orders';
import { DESKTOP, WECHAT_PHONE, choose, current, fill, logIn, newSession, press, screenshot } from '../helpers/browser';
import { signInInsideWeChat, useDemoInWeChat } from '../helpers/wechat-browser';

jest.setTimeout(180_000);

const t = useDemoInWeChat();

const problems = (page: Page) => (page as Page & { problems: string[] }).problems;
const tab = (page: Page, label: string) => page.locator('.taro-tabbar__tabbar').getByText(label, { exact: true }).click();

async function openWork(page: Page, entry: string, pageId: string) {
  await tab(page, '工作台');
  await current(page).locator('[data-testid=work-page]').waitFor();
  await current(page).locator(`[data-testid=entry-${entry}]`).click();
  await current(page).locator(`[data-testid=${pageId}]`).waitFor();
}

async function search(page: Page, text: string) {
  const box = current(page).locator('.nut-searchbar input');
  await box.fill(text);
  await box.press('Enter');
}

async function token(account: string): Promise<string> {
  return (await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account, password: DEMO_PASSWORD } })).body.accessToken;
}

const catalog = (page: Page) => current(page).locator('[data-testid=catalog-page]');
const product = (page: Page) => current(page).locator('[data-testid=product-detail]');
const quoteDetail = (page: Page) => current(page).locator('[data-testid=quote-detail]');
const orderDetail = (page: Page) => current(page).locator('[data-testid=order-detail]');
const option = (page: Page, key: string) => product(page).locator(`[data-option=${key}]`);

/** The quote gold_sales builds in the first step, approved in the second and ordered in the third. */
const made = { quoteId: '', quoteNumber: '', orderNumber: '' };

describe('selling from the catalog: a quote over the allowance, its approval, the order and its delivery', () => {
  it('a salesperson on a phone inside WeChat configures a sorter and quotes it with a discount beyond their allowance', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openWork(page, 'products', 'catalog-page');

    await catalog(page).locator('.nut-cell', { hasText: '皮带输送线 B20' }).waitFor();
    await search(page, 'A100');
    await catalog(page).locator('.nut-cell', { hasText: '皮带输送线 B20' }).waitFor({ state: 'detached' });
    await catalog(page).locator('.nut-cell', { hasText: '交叉带分拣机 A100' }).waitFor();
    await expect(catalog(page).locator('.nut-cell').count()).resolves.toBe(1);
    await search(page, '');
    await choose(page, 'category', '输送设备');
    await catalog(page).locator('.nut-cell', { hasText: '皮带输送线 B20' }).waitFor();
    await expect(catalog(page).locator('.nut-cell', { hasText: '交叉带分拣机 A100' }).count()).resolves.toBe(0);
    await choose(page, 'category', '分拣设备');
    await catalog(page).locator('.nut-cell', { hasText: '交叉带分拣机 A100' }).click();
    await product(page).waitFor();
    await product(page).getByText('SORT-A100').first().waitFor();

    // The required speed starts chosen; six-sided scanning rules out the top scanner, and tapping it says why.
    await expect(option(page, 'std').getAttribute('data-chosen')).resolves.toBe('true');
    await option(page, 'six').click();
    await expect(option(page, 'six').getAttribute('data-chosen')).resolves.toBe('true');
    await expect(option(page, 'top').getAttribute('data-ruled-out')).resolves.toBe('true');
    await option(page, 'top').click();
    await product(page).locator('[data-field=group-scanner] .cp-field__error').getByText('「顶部扫码」与已选的「六面扫码」不能同时选择').waitFor();
    await expect(option(page, 'top').getAttribute('data-chosen')).resolves.toBe('false');

    // The server prices it for a gold partner (12 % off the base, plus the scanner), with its installation at base price.
    const price = product(page).locator('[data-testid=product-price]');
    await price.getByText('价格表：金牌伙伴价').waitFor();
    await price.getByText('目录价 ¥334,400.00 · 单价 ¥370,400.00 · 小计 ¥370,400.00').waitFor();
    await price.getByText('价格表：无（按基础价）').waitFor();
    await price.getByText('合计 ¥385,400.00').waitFor();
    await screenshot(page, 'sales-configured');

    await product(page).locator('[data-testid=add-to-quote]').click();
    const form = current(page).locator('[data-testid=quote-form]');
    await form.waitFor();
    await expect(form.locator('[data-testid=quote-line]').count()).resolves.toBe(2);
    await choose(page, 'accountId', '康启物流有限责任公司');

    // More from the catalog joins the same draft, back in the builder; and goes again.
    await form.locator('[data-testid=quote-add-products]').click();
    await catalog(page).locator('.nut-cell', { hasText: '滚筒配件包' }).click();
    await product(page).locator('[data-testid=product-price]').getByText('价格表：标准渠道价').waitFor();
    await product(page).locator('[data-testid=add-to-quote]').click();
    await form.waitFor();
    await expect(form.locator('[data-testid=quote-line]').count()).resolves.toBe(3);
    await expect(form.locator('[data-field=accountId] .nut-tag-primary').textContent()).resolves.toBe('康启物流有限责任公司');
    await form.locator('[data-testid=quote-line]', { hasText: '滚筒配件包' }).getByText('移除').click();
    await expect(form.locator('[data-testid=quote-line]').count()).resolves.toBe(2);
    await form.locator('[data-testid=list-total]').getByText('折前合计 ¥385,400.00').waitFor();
    await fill(page, 'lines.0.discount', '150');
    await form.locator('[data-field="lines.0.discount"] .cp-field__error').getByText('折扣为 0–100 的百分数，最多两位小数').waitFor();
    await fill(page, 'lines.0.discount', '20');
    await press(page, /^保存$/);

    await quoteDetail(page).waitFor();
    await quoteDetail(page).locator('[data-testid=quote-state]').getByText('草稿').waitFor();
    made.quoteId = new URL(page.url()).searchParams.get('id') ?? '';
    // 20 % off ¥370,400.00 is ¥296,320.00; with the installation, ¥311,320.00.
    await quoteDetail(page).locator('[data-testid=net-total]').getByText('合计 ¥311,320.00').waitFor();
    await quoteDetail(page).getByText('最大折扣 20%，超出贵级别可直接给出的 15%：提交后需审批').waitFor();
    await press(page, /^提交$/);
    await quoteDetail(page).locator('[data-testid=quote-state]').getByText('折扣审批中').waitFor();
    await quoteDetail(page).locator('[data-testid=quote-revisions]').getByText('第 1 版 · 创建 · 赵销售').waitFor();
    await screenshot(page, 'sales-quote-pending');

    const quote = (await t.app.request('GET', `/api/v1/quotes/${made.quoteId}`, { token: await token('gold_sales') })).body;
    expect(quote).toMatchObject({ state: 'pending', accountName: '康启物流有限责任公司', maxDiscountBp: 2000, allowanceBp: 1500, netTotal: 311_320_00 });
    expect(quote.lines.map((line: { sku: string; quantity: number; discountBp: number }) => [line.sku, line.quantity, line.discountBp])).toEqual([['SORT-A100', 1, 2000], ['SVC-INSTALL', 1, 0]]);
    made.quoteNumber = quote.number;
    expect(problems(page)).toEqual([]);
    await context.close();
  });

  it('the channel manager at a desk approves the discount', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'manager', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await page.goto('/pages/todos/inbox/index');
    const inbox = current(page).locator('[data-testid=inbox-page]');
    await inbox.getByText('待办', { exact: true }).first().click();
    await inbox.locator('.nut-cell', { hasText: `报价折扣：${made.quoteNumber}` }).first().click();
    const approval = current(page).locator('[data-testid=approval-detail]');
    await approval.waitFor();

    // The quote behind the request, with what it asks for.
    await approval.locator('.nut-cell', { hasText: '查看报价单' }).click();
    await quoteDetail(page).getByText('最大折扣 20%，超出贵级别可直接给出的 15%：提交后需审批').waitFor();
    await page.goBack();
    await approval.waitFor();

    await approval.locator('[data-testid=approval-actions] .nut-button', { hasText: '通过' }).click();
    await page.locator('.nut-dialog input').fill('同意，项目重要');
    await page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
    await approval.locator('[data-testid=approval-state]', { hasText: '已通过' }).waitFor();
    expect(problems(page)).toEqual([]);
    await context.close();
  });

  it('the salesperson turns the approved quote into exactly one order though the network loses the first answer', async () => {
    const { context, page } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');
    await openWork(page, 'quotes', 'quotes-page');
    await current(page).locator('.nut-cell', { hasText: made.quoteNumber }).click();
    await quoteDetail(page).locator('[data-testid=quote-state]').getByText('已生效').waitFor();

    // Approved, it goes to the customer as a workbook.
    const [download] = await Promise.all([page.waitForEvent('download'), quoteDetail(page).locator('[data-testid=quote-export]').click()]);
    expect(download.suggestedFilename()).toBe(`${made.quoteNumber}.xlsx`);
    const workbook = await download.path();
    expect(readFileSync(workbook!).subarray(0, 2).toString()).toBe('PK');

    // The first submission reaches the server, which makes the order, but its answer never comes back.
    const sent: Request[] = [];
    await page.route('**/api/v1/quotes/*/order', async (route) => {
      sent.push(route.request());
      if (sent.length === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await quoteDetail(page).locator('[data-testid=quote-to-order]').click();
    await fill(page, 'shippingAddress', '上海市浦东新区康启物流园 3 号库');
    await press(page, '提交订单');

    await orderDetail(page).waitFor();
    await orderDetail(page).locator('[data-testid=order-state]').getByText('已提交').waitFor();
    await orderDetail(page).locator('[data-testid=net-total]').getByText('合计 ¥311,320.00').waitFor();
    expect(sent).toHaveLength(2);
    const keys = sent.map((request) => request.headers()[IDEMPOTENCY_HEADER]);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(keys[1]).toBe(keys[0]);
    await screenshot(page, 'sales-order-submitted');

    const orders = (await t.app.request('GET', '/api/v1/orders?limit=100', { token: await token('gold_sales') })).body.items as { quoteId: string; number: string }[];
    const fromQuote = orders.filter((order) => order.quoteId === made.quoteId);
    expect(fromQuote).toHaveLength(1);
    made.orderNumber = fromQuote[0].number;
    expect((await t.app.request('GET', `/api/v1/quotes/${made.quoteId}`, { token: await token('gold_sales') })).body.state).toBe('ordered');
    expect(problems(page)).toEqual([]);
    await context.close();
  });

  it('an admin at a desk confirms and ships it, and the partner sees it shipped', async () => {
    const admin = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(admin.page, 'admin', DEMO_PASSWORD);
    await admin.page.waitForSelector('[data-testid=home-page]');
    await openWork(admin.page, 'orders', 'orders-page');
    await current(admin.page).locator('.nut-cell', { hasText: made.orderNumber }).click();
    const order = orderDetail(admin.page);
    await order.waitFor();
    await order.getByText('上海浦江科技有限公司').waitFor();

    await order.locator('[data-testid=order-actions] .nut-button', { hasText: '确认订单' }).click();
    await admin.page.locator('.nut-dialog input').fill('已排产');
    await admin.page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
    await order.locator('[data-testid=order-state]').getByText('已确认').waitFor();
    await order.locator('[data-testid=order-actions] .nut-button', { hasText: '发货' }).click();
    await admin.page.locator('.nut-dialog input').fill('SF1234567890');
    await admin.page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
    await order.locator('[data-testid=order-state]').getByText('已发货').waitFor();
    await order.locator('[data-testid=order-tracking]').getByText('SF1234567890').waitFor();
    const history = await order.locator('[data-testid=order-history]').innerText();
    expect(history).toMatch(/赵销售 提交订单[\s\S]*王管理 确认订单[\s\S]*已排产[\s\S]*王管理 发货/);
    await screenshot(admin.page, 'sales-order-shipped-desk');
    expect(problems(admin.page)).toEqual([]);
    await admin.context.close();

    const sales = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, sales.page, 'zhao', 'gold_sales');
    await openWork(sales.page, 'orders', 'orders-page');
    await current(sales.page).locator('.nut-cell', { hasText: made.orderNumber }).click();
    await orderDetail(sales.page).locator('[data-testid=order-state]').getByText('已发货').waitFor();
    await orderDetail(sales.page).locator('[data-testid=order-tracking]').getByText('SF1234567890').waitFor();
    // Shipped, it is the upstream's to complete: the partner has nothing left to do with it.
    await expect(orderDetail(sales.page).locator('[data-testid=order-actions]').count()).resolves.toBe(0);
    expect(problems(sales.page)).toEqual([]);
    await sales.context.close();
  });
});

describe("a silver partner's catalog", () => {
  it('holds only the conveyors, parts and services its level may sell, and orders from it at list prices', async () => {
    const { context, page } = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    await logIn(page, 'silver_admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await openWork(page, 'products', 'catalog-page');
    await catalog(page).locator('.nut-cell', { hasText: '皮带输送线 B20' }).waitFor();
    const names = await catalog(page).locator('.nut-cell-title').allTextContents();
    expect(names.sort()).toEqual(['安装调试服务', '滚筒配件包', '皮带输送线 B20'].sort());
    await catalog(page).locator('[data-field=category]').getByText('配件与服务').waitFor();
    const categories = await catalog(page).locator('[data-field=category] .cp-choice').allTextContents();
    expect(categories.sort()).toEqual(['全部', '输送设备', '配件与服务'].sort());
    await search(page, 'A100');
    await catalog(page).getByText('暂无数据').waitFor();

    // Ordered straight from the catalog, at the base price (the gold list is not theirs); cancelled while only submitted.
    await search(page, '');
    await catalog(page).locator('.nut-cell', { hasText: '皮带输送线 B20' }).click();
    await product(page).locator('[data-testid=product-price]').getByText('合计 ¥2,800.00').waitFor();
    await product(page).locator('[data-testid=order-now]').click();
    const form = current(page).locator('[data-testid=order-form]');
    await form.waitFor();
    await choose(page, 'accountId', '宁波北仑港务设备有限公司');
    await fill(page, 'lines.0.quantity', '25');
    await form.locator('[data-testid=net-total]').getByText('合计 ¥70,000.00').waitFor();
    await press(page, '提交订单');
    const order = orderDetail(page);
    await order.locator('[data-testid=order-state]').getByText('已提交').waitFor();
    await order.getByText('600 mm').waitFor();
    await order.locator('[data-testid=order-actions] .nut-button', { hasText: '取消订单' }).click();
    await page.locator('.nut-dialog input').fill('客户改期采购');
    await page.locator('.nut-dialog .nut-button', { hasText: '确定' }).click();
    await order.locator('[data-testid=order-state]').getByText('已取消').waitFor();
    await order.locator('[data-testid=order-history]').getByText('客户改期采购').waitFor();
    expect(problems(page)).toEqual([]);
    await context.close();
  });
});

/** A 1×1 PNG: the smallest picture the server takes. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe("the catalog at the upstream admin's desk", () => {
  it('an admin adds a configurable product with a picture and prices it in the gold list, and a gold partner sells it at that price', async () => {
    const admin = await newSession(t.browser, DESKTOP, t.app.baseUrl);
    const { page } = admin;
    await logIn(page, 'admin', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid=home-page]');
    await openWork(page, 'products', 'catalog-page');
    await catalog(page).locator('[data-testid=product-create]').click();
    const form = current(page).locator('[data-testid=product-form]');
    await form.waitFor();
    await fill(page, 'sku', 'SCAN-X1');
    await fill(page, 'category', '读码设备');
    await fill(page, 'unit', '台');
    await fill(page, 'basePrice', '9,800');
    await form.locator('[data-testid=group-add]').click();
    await fill(page, 'optionGroups.0.key', 'lens');
    await fill(page, 'optionGroups.0.name', '镜头');
    await choose(page, 'optionGroups.0.required', '必选');
    await fill(page, 'optionGroups.0.options.0.key', 'std');
    await fill(page, 'optionGroups.0.options.0.name', '标准镜头');
    await form.locator('[data-testid=option-add]').click();
    await fill(page, 'optionGroups.0.options.1.key', 'wide');
    await fill(page, 'optionGroups.0.options.1.name', '广角镜头');
    await fill(page, 'optionGroups.0.options.1.priceDelta', '1200');

    // Without a name it is refused in place, and nothing is sent.
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/products') posted.push(request.url());
    });
    await press(page, /^保存$/);
    await form.locator('[data-field=name] .cp-field__error').getByText('必填', { exact: true }).waitFor();
    expect(posted).toEqual([]);
    await fill(page, 'name', '工业读码器 X1');
    await press(page, /^保存$/);
    await product(page).getByText('SCAN-X1').first().waitFor();
    expect(posted).toHaveLength(1);
    await product(page).getByText('基础价 ¥9,800.00 / 台').waitFor();
    // The required group starts on its first option.
    await product(page).locator('[data-option=std][data-chosen=true]').waitFor();

    // A picture, added from the editor at once, shows on the product's page.
    await product(page).locator('[data-testid=product-edit]').click();
    const pictures = current(page).locator('[data-testid=product-pictures]');
    await pictures.waitFor();
    await expect(current(page).locator('[data-field=sku] input').isDisabled()).resolves.toBe(true);
    const chooser = page.waitForEvent('filechooser');
    await pictures.locator('[data-testid=picture-add]').click();
    await (await chooser).setFiles({ name: 'x1.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await pictures.locator('[data-testid=product-picture]').waitFor();
    await screenshot(page, 'catalog-admin-product-edit');
    await page.goBack();
    await product(page).locator('[data-testid=product-images]').waitFor();
    await page.goBack();
    await search(page, 'SCAN-X1');
    await catalog(page).locator('.nut-cell', { hasText: '工业读码器 X1' }).waitFor();

    // The gold list wins over the standard one (say so, in that order); a fixed price for the new product, typed wrong first.
    await current(page).locator('[data-testid=desk-nav]').getByText('价格表', { exact: true }).click();
    const lists = current(page).locator('[data-testid=price-lists-page]');
    await lists.getByText('优先级高者生效；优先级相同时，先创建的价格表生效', { exact: false }).waitFor();
    await lists.locator('.nut-cell', { hasText: '标准渠道价' }).waitFor();
    await expect(lists.locator('.nut-cell-title').allTextContents()).resolves.toEqual(['1. 金牌伙伴价', '2. 标准渠道价']);
    await lists.locator('.nut-cell', { hasText: '金牌伙伴价' }).getByText('金牌 · 全部客户').waitFor();
    await lists.locator('.nut-cell', { hasText: '金牌伙伴价' }).click();
    const listForm = current(page).locator('[data-testid=price-list-form]');
    await listForm.waitFor();
    const picker = listForm.locator('[data-testid=picker-entries]');
    await picker.locator('.nut-searchbar input').fill('SCAN-X1');
    await picker.locator('.nut-searchbar input').press('Enter');
    await picker.locator('.nut-cell', { hasText: '工业读码器 X1' }).click();
    const entry = listForm.locator('[data-testid=price-entry][data-sku=SCAN-X1]');
    await entry.waitFor();
    await picker.locator('.nut-cell', { hasText: '工业读码器 X1' }).getByText('已添加').waitFor();
    await entry.locator('input').fill('8800.001');
    await press(page, /^保存$/);
    await entry.locator('.cp-field__error').getByText('请填写金额（元），最多两位小数').waitFor();
    await entry.locator('input').fill('8800');
    await press(page, /^保存$/);
    await lists.locator('.nut-cell', { hasText: '金牌伙伴价' }).getByText('优先级 100 · 3 个产品').waitFor();
    const gold = ((await t.app.request('GET', '/api/v1/price-lists', { token: await token('admin') })).body as { name: string; entries: unknown[] }[]).find((list) => list.name === '金牌伙伴价');
    expect(gold?.entries).toContainEqual({ sku: 'SCAN-X1', price: 8_800_00 });

    // The silver level sells conveyors, parts and services; the new reader is added to what it may sell.
    await current(page).locator('[data-testid=desk-nav]').getByText('销售范围', { exact: true }).click();
    const silver = current(page).locator('[data-testid=salable-range][data-level=银牌]');
    await silver.locator('[data-testid=range-status]').getByText('已设置：仅可销售所选分类和 SKU').waitFor();
    expect((await silver.locator('[data-field^=categories-] .nut-tag-primary').allTextContents()).sort()).toEqual(['输送设备', '配件与服务'].sort());
    await current(page).locator('[data-testid=salable-range][data-level=金牌] [data-testid=range-status]').getByText('未设置：可销售全部上架产品').waitFor();
    await silver.locator('.nut-searchbar input').fill('SCAN-X1');
    await silver.locator('.nut-searchbar input').press('Enter');
    await silver.locator('.nut-cell', { hasText: '工业读码器 X1' }).click();
    await silver.getByText('SCAN-X1 ×').waitFor();
    await silver.locator('taro-button-core', { hasText: /^保存$/ }).click();
    await page.getByText('已保存', { exact: true }).waitFor();
    const ranges = (await t.app.request('GET', '/api/v1/salable-ranges', { token: await token('admin') })).body;
    expect(ranges).toContainEqual(expect.objectContaining({ categories: ['输送设备', '配件与服务'], skus: ['SCAN-X1'] }));
    expect(problems(page)).toEqual([]);
    await admin.context.close();

    // A gold partner on a phone inside WeChat: the new reader, priced by the gold list, its options on top.
    const sales = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, sales.page, 'zhao', 'gold_sales');
    await openWork(sales.page, 'products', 'catalog-page');
    await search(sales.page, 'SCAN-X1');
    await catalog(sales.page).locator('.nut-cell', { hasText: '工业读码器 X1' }).click();
    await product(sales.page).locator('[data-testid=product-images]').waitFor();
    const price = product(sales.page).locator('[data-testid=product-price]');
    await price.getByText('价格表：金牌伙伴价').waitFor();
    await price.getByText('目录价 ¥8,800.00 · 单价 ¥8,800.00 · 小计 ¥8,800.00').waitFor();
    await option(sales.page, 'wide').click();
    await price.getByText('目录价 ¥8,800.00 · 单价 ¥10,000.00 · 小计 ¥10,000.00').waitFor();
    await expect(product(sales.page).locator('[data-testid=product-edit]').count()).resolves.toBe(0);
    await screenshot(sales.page, 'catalog-admin-gold-price');
    expect(problems(sales.page)).toEqual([]);
    await sales.context.close();
  });
});

describe('a quote draft kept on the phone', () => {
  it('is never dropped without a word: the salesperson is told when the quote moved on, and keeps or drops the changes', async () => {
    const auth = { token: await token('gold_sales') };
    type SavedQuote = { id: string; revision: number; state: string; accountName: string; validUntil: string; notes: string; lines: { sku: string; quantity: number; discountBp: number; options: { group: string; option: string }[] }[] };
    const quotes = (await t.app.request('GET', '/api/v1/quotes?limit=50', auth)).body.items as SavedQuote[];
    const { id } = quotes.find((q) => q.accountName === '上海外高桥保税物流有限公司' && q.state === 'approved')!;
    const saved = async () => (await t.app.request('GET', `/api/v1/quotes/${id}`, auth)).body as SavedQuote;
    // Another device saves a revision of the same quote.
    const reviseElsewhere = async (notes: string) => {
      const quote = await saved();
      const lines = quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, discountBp: l.discountBp, options: Object.fromEntries(l.options.map((o) => [o.group, [o.option]])) }));
      const answer = await t.app.request('PUT', `/api/v1/quotes/${id}`, { ...auth, body: { revision: quote.revision, validUntil: quote.validUntil, notes, lines } });
      expect(answer.status).toBe(200);
      return answer.body.revision as number;
    };
    const form = (page: Page) => current(page).locator('[data-testid=quote-form]');
    const notice = (page: Page) => form(page).locator('[data-testid=draft-kept]');
    const notes = (page: Page) => form(page).locator('[data-field=notes] input');
    const openBuilder = async (page: Page) => {
      await page.goto(`/pages/quotes/edit/index?id=${id}`);
      await form(page).waitFor();
    };

    const { page, context } = await newSession(t.browser, WECHAT_PHONE, t.app.baseUrl);
    await signInInsideWeChat(t.wx, page, 'zhao', 'gold_sales');

    // Changes typed in a builder opened with nothing kept, then a trip to the catalog: meanwhile another device saves.
    const begun = (await saved()).revision;
    await openBuilder(page);
    await fill(page, 'notes', '客户要求加急，两周内交货');
    await form(page).locator('[data-testid=quote-add-products]').click();
    await catalog(page).waitFor();
    const moved = await reviseElsewhere('另一台设备上的修改');
    await page.goBack();
    await notice(page).getByText(`下面是您在第 ${begun} 版上未保存的修改；报价已更新到第 ${moved} 版，保存将替换第 ${moved} 版`).waitFor();
    expect(await notes(page).inputValue()).toBe('客户要求加急，两周内交货');
    // Saving keeps them, as the revision after the one made elsewhere.
    const saving = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === `/api/v1/quotes/${id}`);
    await press(page, /^保存$/);
    expect((await saving).status()).toBe(200);
    expect(await saved()).toMatchObject({ revision: moved + 1, notes: '客户要求加急，两周内交货' });

    // Kept over a reload, the notice stays; dropping returns to the quote as it now is, for good.
    await openBuilder(page);
    await fill(page, 'notes', '这次不要了');
    const again = await reviseElsewhere('以这一版为准');
    await page.reload();
    await notice(page).waitFor();
    await page.reload();
    await notice(page).getByText(`第 ${moved + 1} 版`, { exact: false }).waitFor();
    await notice(page).locator('taro-button-core', { hasText: '放弃我的修改' }).click();
    await notice(page).waitFor({ state: 'detached' });
    expect(await notes(page).inputValue()).toBe('以这一版为准');
    await page.reload();
    await form(page).waitFor();
    expect(await notes(page).inputValue()).toBe('以这一版为准');
    expect(await saved()).toMatchObject({ revision: again, notes: '以这一版为准' });

    // Cancelled elsewhere: what was typed cannot be saved any more, only dropped.
    await fill(page, 'notes', '作废前的修改');
    expect((await t.app.request('POST', `/api/v1/quotes/${id}/cancel`, { ...auth, body: { reason: '客户改用其他方案' } })).status).toBe(200);
    await page.reload();
    await notice(page).getByText('报价当前为「已作废」，不能再修改；可以放弃未保存的修改').waitFor();
    expect(await notes(page).inputValue()).toBe('作废前的修改');
    await expect(form(page).locator('taro-button-core', { hasText: /^保存$/ }).count()).resolves.toBe(0);
    await notice(page).locator('taro-button-core', { hasText: '放弃我的修改' }).click();
    await current(page).locator('[data-testid=quote-not-editable]').getByText('报价当前为「已作废」，不能修改').waitFor();
    await expect(form(page).count()).resolves.toBe(0);
    expect(problems(page)).toEqual([]);
    await context.close();
  });
});
