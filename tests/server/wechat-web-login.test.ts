import mongoose from 'mongoose';
import { useEmulator } from '../helpers/emulator';
import { PASSWORD, useWorld } from '../helpers/world';

const e = useEmulator();
const t = useWorld(() => ({ wechatApiBase: e.wx.baseUrl }));

const APP = 'wx00000000000000f1';
const SECRET = '1234567890abcdef1234567890abcdef';
const TOKEN = 'webtoken123';

/** A browser that keeps cookies and does not follow redirects, so each hop can be checked. */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string) => {
    const response = await fetch(url.startsWith('http') ? url : t.app.baseUrl + url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return { status: response.status, location: response.headers.get('location') ?? '' };
  };
}

/** Start → WeChat (the person passed the authorize page) → our callback: where the browser lands. */
async function oauth(userKey: string, tamper?: (state: string) => string) {
  const go = browser();
  const start = await go(`/api/v1/auth/wechat/oauth/start?tenant=${t.world.a.code}&redirect=/pages/home/index/index`);
  expect(start.status).toBe(302);
  const authorize = new URL(start.location);
  expect(authorize.origin + authorize.pathname).toBe(`${e.wx.baseUrl}/connect/oauth2/authorize`);
  expect(authorize.searchParams.get('scope')).toBe('snsapi_base');
  const state = authorize.searchParams.get('state')!;
  const code = e.wx.mintOAuthCode(APP, userKey);
  const back = await go(`${authorize.searchParams.get('redirect_uri')}?code=${code}&state=${tamper ? tamper(state) : state}`);
  expect(back.status).toBe(302);
  return { landing: back.location, code, state, go, callback: authorize.searchParams.get('redirect_uri')! };
}

const claim = (pendingId: string) => t.app.request('POST', `/api/v1/auth/wechat/pending/${pendingId}`);
const meOf = async (accessToken: string) => (await t.app.request('GET', '/api/v1/me', { token: accessToken })).body;

beforeAll(async () => {
  e.wx.registerApp({ appId: APP, appSecret: SECRET, kind: 'official', token: TOKEN, callbackUrl: `${t.app.baseUrl}/wechat/${APP}` });
  e.wx.addUser({ key: 'wang' });
  e.wx.addUser({ key: 'nobody' });
  const admin = await t.world.token('a', 'admin');
  expect((await t.app.request('PUT', `/api/v1/wechat/apps/${APP}`, { token: admin, body: { kind: 'official', name: '服务号', appSecret: SECRET, token: TOKEN } })).status).toBe(200);
});

describe('H5 inside WeChat: silent web authorization', () => {
  it('sends an unbound person to bind once with account and password, then signs them in silently', async () => {
    const first = await oauth('wang');
    expect(first.landing).toMatch(/^\/pages\/auth\/bind\/index\?ticket=[^&]+&redirect=%2Fpages%2Fhome%2Findex%2Findex$/);
    const ticket = decodeURIComponent(/ticket=([^&]+)/.exec(first.landing)![1]);

    const wrong = await t.app.request('POST', '/api/v1/auth/wechat/bind', { body: { bindTicket: ticket, account: 'p1admin', password: 'wrong-pass-1' } });
    expect(wrong.body.code).toBe('auth.invalid_credentials');
    const bound = await t.app.request('POST', '/api/v1/auth/wechat/bind', { body: { bindTicket: ticket, account: 'p1admin', password: PASSWORD } });
    expect(bound.status).toBe(200);
    expect((await meOf(bound.body.accessToken)).id).toBe(t.world.a.users.p1admin);

    const second = await oauth('wang');
    expect(second.landing).toMatch(/^\/pages\/auth\/wechat\/index\?pending=[\w-]+&redirect=/);
    const pendingId = /pending=([\w-]+)/.exec(second.landing)![1];
    const signedIn = await claim(pendingId);
    expect(signedIn.body.status).toBe('signed_in');
    expect((await meOf(signedIn.body.tokens.accessToken)).id).toBe(t.world.a.users.p1admin);
    expect((await claim(pendingId)).body).toEqual({ status: 'expired' });
  });

  it('refuses a tampered or missing state, and a reused code', async () => {
    expect((await oauth('wang', (state) => `${state}x`)).landing).toBe('/pages/auth/login/index?wechat=state_mismatch');
    const fresh = browser();
    const noCookie = await fresh(`/api/v1/auth/wechat/oauth/callback?code=${e.wx.mintOAuthCode(APP, 'wang')}&state=anything`);
    expect(noCookie.location).toBe('/pages/auth/login/index?wechat=state_mismatch');

    const used = await oauth('wang');
    const start = await used.go(`/api/v1/auth/wechat/oauth/start?tenant=${t.world.a.code}`);
    const state = new URL(start.location).searchParams.get('state');
    const replay = await used.go(`${used.callback}?code=${used.code}&state=${state}`);
    expect(replay.location).toBe('/pages/auth/login/index?wechat=code_invalid');
  });

  it('forgets the binding when the user unbinds on Me', async () => {
    const landing = (await oauth('wang')).landing;
    const pendingId = /pending=([\w-]+)/.exec(landing)![1];
    const { tokens } = (await claim(pendingId)).body;
    expect((await t.app.request('DELETE', '/api/v1/me/wechat', { token: tokens.accessToken })).status).toBe(204);
    expect((await oauth('wang')).landing).toMatch(/^\/pages\/auth\/bind\/index/);
    // Bind again for the scan tests below.
    const ticket = decodeURIComponent(/ticket=([^&]+)/.exec((await oauth('wang')).landing)![1]);
    expect((await t.app.request('POST', '/api/v1/auth/wechat/bind', { body: { bindTicket: ticket, account: 'p1admin', password: PASSWORD } })).status).toBe(200);
  });
});

describe('web portal: scan to log in', () => {
  const qr = async () => {
    const res = await t.app.request('POST', '/api/v1/auth/wechat/qr', { body: { tenant: t.world.a.code } });
    expect(res.status).toBe(201);
    return { pendingId: res.body.pendingId as string, ticket: new URL(res.body.imageUrl).searchParams.get('ticket')! };
  };

  it('signs in the waiting page once the bound person scans, exactly once', async () => {
    const { pendingId, ticket } = await qr();
    expect((await claim(pendingId)).body).toEqual({ status: 'waiting' });
    const pushed = await e.wx.scan(APP, 'wang', ticket);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toContain('已确认');
    const signedIn = await claim(pendingId);
    expect(signedIn.body.status).toBe('signed_in');
    expect((await meOf(signedIn.body.tokens.accessToken)).id).toBe(t.world.a.users.p1admin);
    expect((await claim(pendingId)).body).toEqual({ status: 'expired' });
  });

  it("can be scanned from the emulator's demo phone page (WECHAT_MODE=emulator)", async () => {
    const { pendingId, ticket } = await qr();
    const phone = await fetch(`${e.wx.baseUrl}/__emulator/scan?ticket=${encodeURIComponent(ticket)}`);
    expect(await phone.text()).toContain('value="wang"');
    const scanned = await fetch(`${e.wx.baseUrl}/__emulator/scan`, { method: 'POST', body: new URLSearchParams({ ticket, user: 'wang' }) });
    expect(await scanned.text()).toContain('已确认');
    expect((await claim(pendingId)).body.status).toBe('signed_in');
  });

  it('refuses a scan by someone whose WeChat is not bound, and tells them how to bind', async () => {
    const { pendingId, ticket } = await qr();
    const pushed = await e.wx.scan(APP, 'nobody', ticket);
    expect(pushed.body).toContain('尚未绑定');
    expect((await claim(pendingId)).body).toEqual({ status: 'refused' });
  });

  it('refuses an expired code, and a guessed pending id', async () => {
    const { pendingId, ticket } = await qr();
    await mongoose.connection.db!.collection('pendingsignins').updateOne({ _id: pendingId as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const pushed = await e.wx.scan(APP, 'wang', ticket);
    expect(pushed.body).toContain('过期');
    expect((await claim(pendingId)).body).toEqual({ status: 'expired' });
    expect((await claim(`${t.world.a.tenantId}${'A'.repeat(32)}`)).body).toEqual({ status: 'expired' });
  });

  it('answers a tenant without an official account clearly', async () => {
    const res = await t.app.request('POST', '/api/v1/auth/wechat/qr', { body: { tenant: t.world.b.code } });
    expect([res.status, res.body.code]).toEqual([404, 'wechat.app_unknown']);
  });
});
