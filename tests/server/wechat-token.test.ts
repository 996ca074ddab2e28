import { createSealer } from '../../server/core/secrets';
import { createBindingService } from '../../server/modules/wechat';
import { createWeChatClient } from '../../server/modules/wechat/wechat.client';
import { WeChatApiError } from '../../server/modules/wechat/wechat.errors';
import { startWeChatEmulator, type WeChatEmulator } from '../fakes/wechat';
import { TEST_SEALING_KEY } from '../helpers/app';
import { useWorld } from '../helpers/world';

const t = useWorld();
const APP_ID = 'wx00000000000000d1';
const SECRET = 'fedcba9876543210fedcba9876543210';
let wx: WeChatEmulator;

/** A server instance's WeChat client: reads the sealed secret from the tenant's binding, like the app does. */
function instance() {
  const bindings = createBindingService(createSealer(TEST_SEALING_KEY));
  return createWeChatClient({
    apiBase: wx.baseUrl,
    busyBackoffMs: [10, 20],
    secretOf: async (appId) => (await bindings.secretsOfApp(appId))!.appSecret,
  });
}

const tokenFetches = () => wx.calls.filter((call) => call.path === '/cgi-bin/stable_token').length;
const ticket = (client: ReturnType<typeof instance>) => client.call<{ ticket: string }>(APP_ID, '/cgi-bin/ticket/getticket', { query: { type: 'jsapi' } });

beforeAll(async () => {
  wx = await startWeChatEmulator();
  wx.registerApp({ appId: APP_ID, appSecret: SECRET, kind: 'official' });
  const admin = await t.world.token('a', 'admin');
  const bound = await t.app.request('PUT', `/api/v1/wechat/apps/${APP_ID}`, { token: admin, body: { kind: 'official', name: '服务号', appSecret: SECRET, token: 'tok123' } });
  expect(bound.status).toBe(200);
});
afterAll(() => wx.close());

describe('access tokens', () => {
  it('are fetched once for many concurrent calls, and once across instances sharing the database', async () => {
    const one = instance();
    const two = instance();
    const answers = await Promise.all([...Array.from({ length: 8 }, () => ticket(one)), ...Array.from({ length: 8 }, () => ticket(two))]);
    expect(new Set(answers.map((a) => a.ticket)).size).toBe(1);
    expect(tokenFetches()).toBe(1);
    // A new instance (a restart) uses the stored token.
    await ticket(instance());
    expect(tokenFetches()).toBe(1);
  });

  it('are renewed when WeChat says the token expired, and the call is retried once', async () => {
    const client = instance();
    const before = tokenFetches();
    wx.expireTokens(APP_ID);
    await expect(ticket(client)).resolves.toMatchObject({ ticket: expect.any(String) });
    expect(tokenFetches()).toBe(before + 1);
  });

  it('are renewed once when several calls hit a replaced token together', async () => {
    const client = instance();
    const before = tokenFetches();
    wx.failNext('/cgi-bin/ticket/getticket', 40001, 3);
    await Promise.all([ticket(client), ticket(client), ticket(client)]);
    expect(tokenFetches()).toBe(before + 1);
  });

  it('ride out "system busy" with backoff, and surface other errors whole', async () => {
    const client = instance();
    wx.failNext('/cgi-bin/ticket/getticket', -1, 2);
    await expect(ticket(client)).resolves.toMatchObject({ ticket: expect.any(String) });
    wx.failNext('/cgi-bin/ticket/getticket', -1, 3);
    await expect(ticket(client)).rejects.toMatchObject({ errcode: -1 });
    wx.failNext('/cgi-bin/ticket/getticket', 45009, 1);
    const quota = await ticket(client).catch((e: unknown) => e);
    expect(quota).toBeInstanceOf(WeChatApiError);
    expect((quota as WeChatApiError).errcode).toBe(45009);
  });

  it('report a wrong secret as WeChat does, and let the next caller try again', async () => {
    const wrong = createWeChatClient({ apiBase: wx.baseUrl, secretOf: async () => '00000000000000000000000000000000' });
    wx.registerApp({ appId: 'wx00000000000000d2', appSecret: SECRET, kind: 'official' });
    await expect(wrong.call('wx00000000000000d2', '/cgi-bin/ticket/getticket', { query: { type: 'jsapi' } })).rejects.toMatchObject({ errcode: 40125 });
    await expect(wrong.call('wx00000000000000d2', '/cgi-bin/ticket/getticket', { query: { type: 'jsapi' } })).rejects.toMatchObject({ errcode: 40125 });
  });
});
