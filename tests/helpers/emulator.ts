import { startWeChatEmulator, type WeChatEmulator } from '../fakes/wechat';

/** A WeChat emulator for the test file; call before useWorld so the app can be pointed at it. */
export function useEmulator(): { wx: WeChatEmulator } {
  const handle = {} as { wx: WeChatEmulator };
  beforeAll(async () => {
    handle.wx = await startWeChatEmulator();
  });
  afterAll(() => handle.wx.close());
  return handle;
}
