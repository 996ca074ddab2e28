import path from 'node:path';

/**
 * Drives the built mini-program in WeChat DevTools through miniprogram-automator. DevTools is a desktop app that
 * no package registry carries, so this runs where WECHAT_DEVTOOLS_CLI points at its `cli` and says so otherwise.
 */
const cliPath = process.env.WECHAT_DEVTOOLS_CLI;
const PROJECT = path.resolve(__dirname, '../..');

if (!cliPath) {
  console.log('weapp automator: skipped — set WECHAT_DEVTOOLS_CLI to WeChat DevTools\' cli to run it');
}

(cliPath ? describe : describe.skip)('mini-program in WeChat DevTools', () => {
  jest.setTimeout(180_000);
  const automator = require('miniprogram-automator') as {
    launch(options: { cliPath: string; projectPath: string }): Promise<MiniProgram>;
  };
  interface Element { input(text: string): Promise<void>; tap(): Promise<void>; text(): Promise<string> }
  interface Page { $(selector: string): Promise<Element | null>; waitFor(ms: number | string): Promise<void>; path: string }
  interface MiniProgram {
    reLaunch(url: string): Promise<Page>;
    currentPage(): Promise<Page>;
    mockWxMethod(method: string, result: unknown): Promise<void>;
    close(): Promise<void>;
  }
  let miniProgram: MiniProgram;

  beforeAll(async () => {
    miniProgram = await automator.launch({ cliPath: cliPath!, projectPath: PROJECT });
    await miniProgram.mockWxMethod('login', { code: 'automator-code', errMsg: 'login:ok' });
  });
  afterAll(() => miniProgram?.close());

  it('logs in with the demo account and opens Home', async () => {
    const page = await miniProgram.reLaunch('/pages/auth/login/index');
    await page.waitFor(500);
    for (const [field, value] of [['tenant', 'demo'], ['account', 'gold_sales'], ['password', 'Demo@2026']]) {
      const input = await page.$(`[data-field=${field}] input`);
      await input!.input(value);
    }
    await (await page.$('.nut-button'))!.tap();
    await page.waitFor(2000);
    const home = await miniProgram.currentPage();
    expect(home.path).toBe('pages/home/index/index');
  });
});
