import type { Config } from '../core/config';
import { createSealer } from '../core/secrets';
import { DEMO_OFFICIAL_APP, seedDemoWechat } from './wechat-demo';

/**
 * WECHAT_MODE=emulator: starts the WeChat emulator of the test suite beside the server, registers the demo apps
 * and people in it, and answers the config with every WeChat origin (API, authorize page, QR images, JSSDK script) pointed at it. Never in production (config
 * refuses it), so the emulator stays a development dependency.
 */
export async function startDemoWeChat(config: Config, sealingKey: Buffer, say: (message: string) => void): Promise<{ config: Config; stop: () => Promise<void> }> {
  const { startWeChatEmulator } = await import('../../tests/fakes/wechat');
  const emulator = await startWeChatEmulator({ port: config.WECHAT_EMULATOR_PORT });
  const demo = await seedDemoWechat(createSealer(sealingKey));
  for (const app of demo?.apps ?? []) {
    emulator.registerApp({
      appId: app.appId,
      appSecret: app.appSecret,
      kind: app.kind,
      templates: app.templates,
      ...(app.kind === 'official' ? { token: app.token!, callbackUrl: `${config.PUBLIC_URL}/wechat/${app.appId}`, name: '演示服务号' } : {}),
    });
  }
  for (const person of demo?.people ?? []) {
    emulator.addUser(person);
    // Everyone follows the demo account, so to-dos reach them as template messages (see /__emulator/state).
    emulator.follow(DEMO_OFFICIAL_APP, person.key);
  }
  say(`WeChat emulator on ${emulator.baseUrl}: open the app in a WeChat user agent, or scan the login QR code at ${emulator.baseUrl}/__emulator/scan?ticket=… (the QR image's ticket)`);
  return {
    config: { ...config, WECHAT_API_BASE: emulator.baseUrl, WECHAT_OPEN_BASE: emulator.baseUrl, WECHAT_MP_BASE: emulator.baseUrl, WECHAT_RES_BASE: emulator.baseUrl },
    stop: () => emulator.close(),
  };
}
