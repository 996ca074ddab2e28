import { useEmulator } from '../helpers/emulator';
import { useWorld } from '../helpers/world';

const e = useEmulator();
const t = useWorld(() => ({ wechatApiBase: e.wx.baseUrl }));

const MINI = 'wx00000000000000e1';
const SECRET = 'abcdefabcdefabcdefabcdefabcdef12';
const PHONE = '13911112222';

const login = (code: string, appId = MINI) => t.app.request('POST', '/api/v1/auth/wechat/mini/login', { body: { appId, code } });
const bindPhone = (bindTicket: string, phoneCode: string) => t.app.request('POST', '/api/v1/auth/wechat/mini/phone', { body: { bindTicket, phoneCode } });

beforeAll(async () => {
  e.wx.registerApp({ appId: MINI, appSecret: SECRET, kind: 'mini' });
  e.wx.addUser({ key: 'li', phone: PHONE });
  e.wx.addUser({ key: 'stranger', phone: '13000000000' });
  const admin = await t.world.token('a', 'admin');
  expect((await t.app.request('PUT', `/api/v1/wechat/apps/${MINI}`, { token: admin, body: { kind: 'mini', name: '小程序', appSecret: SECRET } })).status).toBe(200);
  const member = await t.app.request('POST', '/api/v1/members', {
    token: admin,
    body: { name: '李手机', phone: PHONE, role: 'partner_member', partnerId: t.world.a.partners.p1, initialPassword: 'Start1234' },
  });
  expect(member.status).toBe(201);
});

describe('mini-program login', () => {
  it('asks to bind an unknown WeChat user, binds by the phone button, then signs straight in', async () => {
    const first = await login(e.wx.mintLoginCode(MINI, 'li'));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'needs_binding', bindTicket: expect.any(String) });

    const bound = await bindPhone(first.body.bindTicket, e.wx.mintPhoneCode(MINI, 'li'));
    expect(bound.body.status).toBe('signed_in');
    const me = await t.app.request('GET', '/api/v1/me', { token: bound.body.tokens.accessToken });
    expect(me.body).toMatchObject({ name: '李手机', phone: PHONE, partner: { id: t.world.a.partners.p1 } });

    const again = await login(e.wx.mintLoginCode(MINI, 'li'));
    expect(again.body.status).toBe('signed_in');
    expect((await t.app.request('GET', '/api/v1/me', { token: again.body.tokens.accessToken })).body.phone).toBe(PHONE);
  });

  it('never sends the session key to the client', async () => {
    const res = await login(e.wx.mintLoginCode(MINI, 'stranger'));
    expect(JSON.stringify(res.body)).not.toMatch(/session_key|sessionKey/);
  });

  it('refuses a used or unknown code', async () => {
    const code = e.wx.mintLoginCode(MINI, 'li');
    expect((await login(code)).status).toBe(200);
    const reused = await login(code);
    expect([reused.status, reused.body.code]).toEqual([401, 'auth.wechat_code_invalid']);
    expect((await login('made-up-code')).body.code).toBe('auth.wechat_code_invalid');
  });

  it('tells a phone with no account to ask the channel manager', async () => {
    const first = await login(e.wx.mintLoginCode(MINI, 'stranger'));
    const res = await bindPhone(first.body.bindTicket, e.wx.mintPhoneCode(MINI, 'stranger'));
    expect([res.status, res.body.code, res.body.title]).toEqual([404, 'auth.phone_unknown', '该手机号尚未开通，请联系您的渠道经理添加']);
  });

  it('refuses a forged bind ticket, an unbound app, and a suspended partner', async () => {
    expect((await bindPhone('forged.ticket.value', e.wx.mintPhoneCode(MINI, 'li'))).body.code).toBe('auth.bind_ticket_invalid');
    const accessToken = await t.world.token('a', 'p1member');
    expect((await bindPhone(accessToken, e.wx.mintPhoneCode(MINI, 'li'))).body.code).toBe('auth.bind_ticket_invalid');
    expect((await login('code', 'wx00000000000000ff')).body.code).toBe('wechat.app_unknown');

    const admin = await t.world.token('a', 'admin');
    await t.app.request('POST', `/api/v1/partners/${t.world.a.partners.p1}/suspend`, { token: admin, body: { reason: 'test' } });
    const blocked = await login(e.wx.mintLoginCode(MINI, 'li'));
    expect([blocked.status, blocked.body.code]).toEqual([403, 'auth.partner_suspended']);
    await t.app.request('POST', `/api/v1/partners/${t.world.a.partners.p1}/reactivate`, { token: admin });
  });

  it('says WeChat is unavailable, not that the user did something wrong, when WeChat fails', async () => {
    e.wx.failNext('/sns/jscode2session', 45011, 1);
    const res = await login(e.wx.mintLoginCode(MINI, 'li'));
    expect([res.status, res.body.code]).toEqual([503, 'wechat.unavailable']);
  });
});
