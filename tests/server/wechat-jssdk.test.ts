import { jssdkSignature } from '../../server/modules/wechat/crypto';
import { useEmulator } from '../helpers/emulator';
import { useWorld } from '../helpers/world';

const e = useEmulator();
const t = useWorld(() => ({ wechatApiBase: e.wx.baseUrl }));
const APP = 'wx00000000000000b7';
const SECRET = 'b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7';

beforeAll(async () => {
  e.wx.registerApp({ appId: APP, appSecret: SECRET, kind: 'official' });
  const admin = await t.world.token('a', 'admin');
  expect((await t.app.request('PUT', `/api/v1/wechat/apps/${APP}`, { token: admin, body: { kind: 'official', name: '服务号', appSecret: SECRET, token: 'tok777' } })).status).toBe(200);
});

const config = async (url: string, person: 'p1member' | 'admin' = 'p1member', tenant: 'a' | 'b' = 'a') =>
  t.app.request('GET', `/api/v1/wechat/jssdk-config?url=${encodeURIComponent(url)}`, { token: await t.world.token(tenant, person) });

describe('JSSDK config', () => {
  it("signs our page URL (without its fragment) with the official account's ticket, fetched once for many pages", async () => {
    const page = `${t.app.baseUrl}/pages/home/index/index?from=menu`;
    const answers = await Promise.all([config(`${page}#section`), config(page), config(page)]);
    for (const res of answers) {
      expect(res.status).toBe(200);
      const { appId, timestamp, nonceStr, signature } = res.body;
      expect(appId).toBe(APP);
      expect(signature).toBe(jssdkSignature({ jsapiTicket: e.wx.jsapiTicket(APP)!, nonceStr, timestamp, url: page }));
    }
    expect(e.wx.calls.filter((call) => call.path === '/cgi-bin/ticket/getticket')).toHaveLength(1);
  });

  it('refuses to sign another site\'s page, and needs a signed-in caller and a bound official account', async () => {
    const foreign = await config('https://evil.example/pages/home/index/index');
    expect([foreign.status, foreign.body.errors[0].path]).toEqual([400, 'query.url']);
    expect((await t.app.request('GET', `/api/v1/wechat/jssdk-config?url=${encodeURIComponent(t.app.baseUrl)}`)).status).toBe(401);
    expect((await config(`${t.app.baseUrl}/`, 'admin', 'b')).body.code).toBe('wechat.app_unknown');
  });
});
