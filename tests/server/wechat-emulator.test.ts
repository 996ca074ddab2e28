import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BROWSER_USER_COOKIE,
  decryptMessage,
  encryptMessage,
  readXmlField,
  sha1Signature,
  startWeChatEmulator,
  type WeChatEmulator,
} from '../fakes/wechat';

/*
 * The WeChat emulator is the only fake in the suite, so it is tested for WeChat's semantics: replaced and expired
 * tokens, single-use expiring codes, per-app openids, message errors, the authorize page and signed callbacks.
 */

type Answer = Record<string, unknown> & { errcode?: number; errmsg?: string };

const OA = 'wx00000000000000a1';
const OA_SECRET = 'secret-official-a';
const OA2 = 'wx00000000000000a2';
const MINI = 'wx00000000000000b1';
const MINI_SECRET = 'secret-mini-b';
const TEMPLATE = 'tmpl-order-shipped';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

let wx: WeChatEmulator;

async function get(path: string, query: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${wx.baseUrl}${path}?${new URLSearchParams(query)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

async function post(path: string, query: Record<string, string>, body: unknown): Promise<Answer> {
  const response = await fetch(`${wx.baseUrl}${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

const token = async (appid = OA, secret = OA_SECRET) => (await get('/cgi-bin/token', { grant_type: 'client_credential', appid, secret })).access_token as string;
const ticketWith = (accessToken: string) => get('/cgi-bin/ticket/getticket', { access_token: accessToken, type: 'jsapi' });
const session = (js_code: string, appid = MINI, secret = MINI_SECRET) =>
  get('/sns/jscode2session', { appid, secret, js_code, grant_type: 'authorization_code' });

beforeEach(async () => {
  wx = await startWeChatEmulator();
  wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', templates: [TEMPLATE] });
  wx.registerApp({ appId: OA2, appSecret: 'secret-official-a2', kind: 'official' });
  wx.registerApp({ appId: MINI, appSecret: MINI_SECRET, kind: 'mini' });
  wx.addUser({ key: 'alice', phone: '13800138000', nickname: '爱丽丝' });
  wx.addUser({ key: 'bob', nickname: 'Bob' });
});

afterEach(async () => {
  await wx.close();
});

describe('crypto against WeChat published samples', () => {
  it('encrypts the official sample (WXBizMsgCryptTest: fixed random) to the published ciphertext and back', () => {
    const encrypt = encryptMessage('我是中文abcd123', AES_KEY, 'wxb11529c136998cb6', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypt).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
    expect(decryptMessage(encrypt, AES_KEY)).toEqual({ message: '我是中文abcd123', appId: 'wxb11529c136998cb6' });
  });

  it('signs the plain-mode example of the message-encryption guide (Token AAAAA)', () => {
    expect(sha1Signature('AAAAA', '1714037059', '486452656')).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
  });

  it('checks msg_signature and decrypts the VerifyURL sample of the WXBizMsgCrypt samples', () => {
    const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
    expect(sha1Signature('QDG6eK', '1409659589', '263014780', echostr)).toBe('5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3');
    expect(decryptMessage(echostr, 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C')).toEqual({ message: '1616140317555161061', appId: 'wx5823bf96d3bd56c7' });
  });
});

describe('access tokens', () => {
  it('issues a 7200 s token and refuses a wrong secret (40125), an unknown appid (40013) and a bad grant_type (40002)', async () => {
    const answer = await get('/cgi-bin/token', { grant_type: 'client_credential', appid: OA, secret: OA_SECRET });
    expect(answer).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    expect((await get('/cgi-bin/token', { grant_type: 'client_credential', appid: OA, secret: 'nope' })).errcode).toBe(40125);
    expect((await get('/cgi-bin/token', { grant_type: 'client_credential', appid: 'wxunknown', secret: 'x' })).errcode).toBe(40013);
    expect((await get('/cgi-bin/token', { grant_type: 'password', appid: OA, secret: OA_SECRET })).errcode).toBe(40002);
  });

  it('a newer token replaces the previous one (40001); a missing token is 41001', async () => {
    const first = await token();
    expect(await ticketWith(first)).toMatchObject({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 });
    const second = await token();
    expect(second).not.toBe(first);
    const stale = await ticketWith(first);
    expect(stale.errcode).toBe(40001);
    expect(stale.errmsg).toMatch(/^invalid credential.* rid: /);
    expect((await ticketWith(second)).errcode).toBe(0);
    expect((await get('/cgi-bin/ticket/getticket', { type: 'jsapi' })).errcode).toBe(41001);
    expect(wx.jsapiTicket(OA)).toBe((await ticketWith(second)).ticket);
  });

  it('expires after 7200 s and on expireTokens (42001)', async () => {
    const value = await token();
    wx.advanceTime(7199_000);
    expect((await ticketWith(value)).errcode).toBe(0);
    wx.advanceTime(1_000);
    expect((await ticketWith(value)).errcode).toBe(42001);

    const fresh = await token();
    wx.expireTokens(OA);
    expect((await ticketWith(fresh)).errcode).toBe(42001);
  });

  it('stable_token returns the same token until force_refresh; the replaced one lasts 30 s more', async () => {
    const body = { grant_type: 'client_credential', appid: OA, secret: OA_SECRET };
    const a = await post('/cgi-bin/stable_token', {}, body);
    const b = await post('/cgi-bin/stable_token', {}, body);
    expect(b.access_token).toBe(a.access_token);
    expect((await post('/cgi-bin/stable_token', {}, { ...body, secret: 'nope' })).errcode).toBe(40125);

    const forced = await post('/cgi-bin/stable_token', {}, { ...body, force_refresh: true });
    expect(forced.access_token).not.toBe(a.access_token);
    expect((await ticketWith(a.access_token as string)).errcode).toBe(0);
    wx.advanceTime(30_000);
    expect((await ticketWith(a.access_token as string)).errcode).toBe(40001);
    expect((await ticketWith(forced.access_token as string)).errcode).toBe(0);

    // Stable and classic tokens are independent.
    await token();
    expect((await ticketWith(forced.access_token as string)).errcode).toBe(0);
  });

  it('POST-only endpoints answer 43002 to GET, and bad JSON 47001', async () => {
    expect((await get('/cgi-bin/stable_token')).errcode).toBe(43002);
    expect((await post('/cgi-bin/stable_token', {}, '{not json')).errcode).toBe(47001);
  });
});

describe('mini-program login and phone numbers', () => {
  it('a login code works once (then 40163), only for its app, and only for 5 minutes (40029)', async () => {
    const code = wx.mintLoginCode(MINI, 'alice');
    const answer = await session(code);
    expect(answer).toEqual({ session_key: expect.any(String), openid: wx.openid(MINI, 'alice') });
    expect((await session(code)).errcode).toBe(40163);

    wx.registerApp({ appId: 'wx00000000000000b2', appSecret: 's2', kind: 'mini' });
    expect((await session(wx.mintLoginCode(MINI, 'alice'), 'wx00000000000000b2', 's2')).errcode).toBe(40029);
    expect((await session('made-up-code')).errcode).toBe(40029);

    const late = wx.mintLoginCode(MINI, 'alice');
    wx.advanceTime(5 * 60_000 + 1);
    expect((await session(late)).errcode).toBe(40029);
  });

  it('returns a unionid only for apps bound to an open-platform account', async () => {
    wx.registerApp({ appId: MINI, appSecret: MINI_SECRET, kind: 'mini', openPlatformId: 'open-1' });
    wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', openPlatformId: 'open-1' });
    const answer = await session(wx.mintLoginCode(MINI, 'alice'));
    expect(answer.unionid).toBe(wx.unionid(OA, 'alice'));
  });

  it('exchanges a phone code once for the phone number', async () => {
    const accessToken = await token(MINI, MINI_SECRET);
    const code = wx.mintPhoneCode(MINI, 'alice');
    const answer = await post('/wxa/business/getuserphonenumber', { access_token: accessToken }, { code });
    expect(answer).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { timestamp: expect.any(Number), appid: MINI } },
    });
    expect((await post('/wxa/business/getuserphonenumber', { access_token: accessToken }, { code })).errcode).toBe(40029);
    // An official account's token may not call it.
    expect((await post('/wxa/business/getuserphonenumber', { access_token: await token() }, { code: wx.mintPhoneCode(MINI, 'alice') })).errcode).toBe(48001);
  });

  it('openids differ per app and stay stable', async () => {
    const inMini = wx.openid(MINI, 'alice');
    expect(inMini).toMatch(/^o[\w-]{27}$/);
    expect(wx.openid(OA, 'alice')).not.toBe(inMini);
    expect(wx.openid(OA2, 'alice')).not.toBe(wx.openid(OA, 'alice'));
    expect(wx.openid(MINI, 'bob')).not.toBe(inMini);
    expect(wx.openid(MINI, 'alice')).toBe(inMini);
    expect(wx.userKeyOf(MINI, inMini)).toBe('alice');
    expect((await session(wx.mintLoginCode(MINI, 'alice'))).openid).toBe(inMini);
  });
});

describe('messages', () => {
  it('template send: 43004 to a non-follower, 40037 for an unknown template, recorded when accepted', async () => {
    const accessToken = await token();
    const message = { touser: wx.openid(OA, 'alice'), template_id: TEMPLATE, data: { thing1: { value: '已发货' } } };
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, message)).errcode).toBe(43004);
    wx.follow(OA, 'alice');
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, { ...message, template_id: 'nope' })).errcode).toBe(40037);
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, { ...message, touser: wx.openid(OA2, 'alice') })).errcode).toBe(40003);
    expect(wx.sent.template).toHaveLength(0);

    const ok = await post('/cgi-bin/message/template/send', { access_token: accessToken }, message);
    expect(ok).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(wx.sent.template).toEqual([expect.objectContaining({ appId: OA, userKey: 'alice', template_id: TEMPLATE, msgid: ok.msgid, data: message.data })]);

    wx.unfollow(OA, 'alice');
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, message)).errcode).toBe(43004);
  });

  it('subscribe send: 43101 without a remaining subscription; each send consumes one', async () => {
    const accessToken = await token(MINI, MINI_SECRET);
    const message = { touser: wx.openid(MINI, 'bob'), template_id: 'sub-approval', page: 'pages/home/index', data: { phrase1: { value: '通过' } } };
    wx.addTemplate(MINI, 'sub-approval');
    expect((await post('/cgi-bin/message/subscribe/send', { access_token: accessToken }, message)).errcode).toBe(43101);
    wx.grantSubscription(MINI, 'bob', 'sub-approval');
    expect(await post('/cgi-bin/message/subscribe/send', { access_token: accessToken }, message)).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect((await post('/cgi-bin/message/subscribe/send', { access_token: accessToken }, message)).errcode).toBe(43101);
    expect(wx.sent.subscribe).toEqual([expect.objectContaining({ userKey: 'bob', template_id: 'sub-approval', via: 'send', page: 'pages/home/index' })]);
  });

  it('failNext injects an errcode for the next calls to a path; calls records every request', async () => {
    const accessToken = await token();
    wx.follow(OA, 'alice');
    wx.failNext('/cgi-bin/message/template/send', 45009, 2);
    const message = { touser: wx.openid(OA, 'alice'), template_id: TEMPLATE, data: {} };
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, message)).errcode).toBe(45009);
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, message)).errcode).toBe(45009);
    expect((await post('/cgi-bin/message/template/send', { access_token: accessToken }, message)).errcode).toBe(0);
    expect(wx.sent.template).toHaveLength(1);
    expect(wx.calls.filter((call) => call.path === '/cgi-bin/token')).toHaveLength(1);
    expect(wx.calls.filter((call) => call.path === '/cgi-bin/message/template/send')).toHaveLength(3);
    expect(wx.calls.at(-1)).toMatchObject({ method: 'POST', query: { access_token: accessToken }, body: message });
  });

  it('delayNext holds the next answer', async () => {
    wx.delayNext('/cgi-bin/token', 300);
    const started = Date.now();
    await token();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('web authorization', () => {
  const redirectUri = 'https://partner.example.com/wechat/oauth?from=menu';

  function formOf(page: string): URLSearchParams {
    const params = new URLSearchParams();
    for (const match of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      params.set(match[1], match[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'"));
    }
    return params;
  }

  it('the authorize page lists users and its Allow redirects to redirect_uri with code and state', async () => {
    const authorize = new URL('/connect/oauth2/authorize', wx.baseUrl);
    authorize.search = new URLSearchParams({ appid: OA, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_userinfo', state: 'xyz 1' }).toString();
    const pageResponse = await fetch(`${authorize.toString()}#wechat_redirect`);
    expect(pageResponse.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await pageResponse.text();
    expect(page).toContain('允许');
    expect(page).toContain('爱丽丝');
    const action = /<form method="get" action="([^"]+)"/.exec(page)![1];

    const form = formOf(page);
    form.set('user', 'alice');
    form.set('action', 'allow');
    const confirmed = await fetch(`${wx.baseUrl}${action}?${form}`, { redirect: 'manual' });
    expect(confirmed.status).toBe(302);
    const location = new URL(confirmed.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://partner.example.com/wechat/oauth');
    expect(location.searchParams.get('from')).toBe('menu');
    expect(location.searchParams.get('state')).toBe('xyz 1');
    const code = location.searchParams.get('code')!;
    expect(code).toBeTruthy();
    expect(confirmed.headers.get('set-cookie')).toContain(`${BROWSER_USER_COOKIE}=alice`);

    const exchange = { appid: OA, secret: OA_SECRET, code, grant_type: 'authorization_code' };
    const answer = await get('/sns/oauth2/access_token', exchange);
    expect(answer).toEqual({ access_token: expect.any(String), expires_in: 7200, refresh_token: expect.any(String), openid: wx.openid(OA, 'alice'), scope: 'snsapi_userinfo' });
    expect((await get('/sns/oauth2/access_token', exchange)).errcode).toBe(40163);
    const profile = await get('/sns/userinfo', { access_token: answer.access_token as string, openid: answer.openid as string, lang: 'zh_CN' });
    expect(profile).toMatchObject({ openid: answer.openid, nickname: '爱丽丝' });
  });

  it('snsapi_base is silent once the browser user is known; deny redirects without a code', async () => {
    const query = new URLSearchParams({ appid: OA, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state: 's' });
    const silent = await fetch(`${wx.baseUrl}/connect/oauth2/authorize?${query}`, { redirect: 'manual', headers: { cookie: `${BROWSER_USER_COOKIE}=bob` } });
    expect(silent.status).toBe(302);
    const code = new URL(silent.headers.get('location')!).searchParams.get('code')!;
    expect((await get('/sns/oauth2/access_token', { appid: OA, secret: OA_SECRET, code, grant_type: 'authorization_code' })).openid).toBe(wx.openid(OA, 'bob'));

    const denied = await fetch(`${wx.baseUrl}/__emulator/authorize?${query}&action=deny`, { redirect: 'manual' });
    const location = new URL(denied.headers.get('location')!);
    expect(location.searchParams.get('code')).toBeNull();
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('codes are bound to their app (40029) and expire after 5 minutes (40029)', async () => {
    const foreign = wx.mintOAuthCode(OA2, 'alice');
    expect((await get('/sns/oauth2/access_token', { appid: OA, secret: OA_SECRET, code: foreign, grant_type: 'authorization_code' })).errcode).toBe(40029);
    const late = wx.mintOAuthCode(OA, 'alice');
    wx.advanceTime(5 * 60_000 + 1);
    expect((await get('/sns/oauth2/access_token', { appid: OA, secret: OA_SECRET, code: late, grant_type: 'authorization_code' })).errcode).toBe(40029);
  });

  it('refuses a redirect_uri outside the configured domains (10003)', async () => {
    wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', oauthDomains: ['partner.example.com'] });
    const query = new URLSearchParams({ appid: OA, redirect_uri: 'https://evil.example.net/cb', response_type: 'code', scope: 'snsapi_base' });
    expect(await (await fetch(`${wx.baseUrl}/connect/oauth2/authorize?${query}`)).text()).toContain('10003');
  });
});

describe('parametric QR codes and callbacks', () => {
  interface Received {
    method: string;
    url: URL;
    body: string;
  }
  let callbackServer: Server;
  let received: Received[];
  let callbackUrl: string;

  beforeEach(async () => {
    received = [];
    callbackServer = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://callback');
        received.push({ method: req.method ?? '', url, body: Buffer.concat(chunks).toString('utf8') });
        res.end(url.searchParams.get('echostr') ?? 'success');
      });
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/wechat/${OA}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => callbackServer.close(() => resolve()));
  });

  async function createQr(body: unknown): Promise<Answer> {
    return post('/cgi-bin/qrcode/create', { access_token: await token() }, body);
  }

  it('creates QR codes whose image showqrcode serves; bad scenes answer 40053', async () => {
    const qr = await createQr({ expire_seconds: 600, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'bind:partner-1' } } });
    expect(qr).toEqual({ ticket: expect.any(String), expire_seconds: 600, url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\//) });
    const image = await fetch(`${wx.baseUrl}/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket as string)}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('<svg');

    expect(await createQr({ action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'forever' } } })).toEqual({ ticket: expect.any(String), url: expect.any(String) });
    expect((await createQr({ action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: '' } } })).errcode).toBe(40053);
    expect((await createQr({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100001 } } })).errcode).toBe(40053);

    wx.advanceTime(600_000);
    expect((await fetch(`${wx.baseUrl}/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket as string)}`)).status).toBe(404);
  });

  it('plain mode: a non-follower scan pushes subscribe with qrscene_, a follower scan pushes SCAN, signed', async () => {
    wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', callbackUrl, token: 'cb-token', originalId: 'gh_0123456789ab' });
    const qr = await createQr({ expire_seconds: 300, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'invite-42' } } });

    const first = await wx.scan(OA, 'alice', qr.ticket as string);
    expect(first).toMatchObject({ status: 200, body: 'success' });
    expect(wx.isFollowing(OA, 'alice')).toBe(true);
    await wx.scan(OA, 'alice', qr.ticket as string);

    expect(received).toHaveLength(2);
    for (const push of received) {
      const q = push.url.searchParams;
      expect(push.method).toBe('POST');
      expect(q.get('signature')).toBe(sha1Signature('cb-token', q.get('timestamp')!, q.get('nonce')!));
      expect(q.get('openid')).toBe(wx.openid(OA, 'alice'));
      expect(q.get('encrypt_type')).toBeNull();
      expect(readXmlField(push.body, 'ToUserName')).toBe('gh_0123456789ab');
      expect(readXmlField(push.body, 'FromUserName')).toBe(wx.openid(OA, 'alice'));
      expect(readXmlField(push.body, 'MsgType')).toBe('event');
      expect(readXmlField(push.body, 'Ticket')).toBe(qr.ticket);
    }
    expect(readXmlField(received[0].body, 'Event')).toBe('subscribe');
    expect(readXmlField(received[0].body, 'EventKey')).toBe('qrscene_invite-42');
    expect(readXmlField(received[1].body, 'Event')).toBe('SCAN');
    expect(readXmlField(received[1].body, 'EventKey')).toBe('invite-42');

    expect((await wx.verifyCallbackUrl(OA)).ok).toBe(true);
  });

  it('safe mode: msg_signature over the Encrypt value and a body that decrypts to the event', async () => {
    wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', callbackUrl, token: 'cb-token', encodingAESKey: AES_KEY });
    wx.follow(OA, 'bob');
    const qr = await createQr({ action_name: 'QR_SCENE', expire_seconds: 60, action_info: { scene: { scene_id: 7 } } });
    await wx.scan(OA, 'bob', qr.ticket as string);

    const [push] = received;
    const q = push.url.searchParams;
    expect(q.get('encrypt_type')).toBe('aes');
    expect(q.get('signature')).toBe(sha1Signature('cb-token', q.get('timestamp')!, q.get('nonce')!));
    expect(readXmlField(push.body, 'FromUserName')).toBeUndefined();
    const encrypt = readXmlField(push.body, 'Encrypt')!;
    expect(q.get('msg_signature')).toBe(sha1Signature('cb-token', q.get('timestamp')!, q.get('nonce')!, encrypt));

    const { message, appId } = decryptMessage(encrypt, AES_KEY);
    expect(appId).toBe(OA);
    expect(readXmlField(message, 'Event')).toBe('SCAN');
    expect(readXmlField(message, 'EventKey')).toBe('7');
    expect(readXmlField(message, 'FromUserName')).toBe(wx.openid(OA, 'bob'));
  });

  it('an expired QR code pushes nothing', async () => {
    wx.registerApp({ appId: OA, appSecret: OA_SECRET, kind: 'official', callbackUrl, token: 'cb-token' });
    const qr = await createQr({ action_name: 'QR_SCENE', expire_seconds: 60, action_info: { scene: { scene_id: 1 } } });
    wx.advanceTime(60_000);
    await expect(wx.scan(OA, 'alice', qr.ticket as string)).rejects.toThrow(/expired/);
    expect(received).toHaveLength(0);
  });
});
