import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureClientBuilt } from '../../server/core/client';
import { seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from './app';
import { launchChromium } from './browser';

/**
 * The usual set-up of a browser test file: the built H5 served by the real app on its own database with the demo
 * data, and one Chromium. `wechatApiBase` points the app at an emulator started before (see useEmulator); `startJobs`
 * runs the background jobs (imports, the outbox) as `npm start` does.
 */
export function useDemoInBrowser(options: () => { wechatApiBase?: string; startJobs?: boolean } = () => ({})): { app: TestApp; browser: Browser } {
  const handle = {} as { app: TestApp; browser: Browser };
  beforeAll(async () => {
    const dist = path.resolve(__dirname, '../../dist/h5');
    ensureClientBuilt(dist, (message) => console.log(message));
    handle.app = await startTestApp({ clientDist: dist, ...options() });
    await seedDemo();
    handle.browser = await launchChromium();
  });
  afterAll(async () => {
    await handle.browser?.close();
    await handle.app?.close();
  });
  return handle;
}
