import mongoose from 'mongoose';
import { buildWeChatXml, callbackSignature, createMessageCipher, parseWeChatXml } from '../../server/modules/wechat/crypto';
import { useWorld } from '../helpers/world';

const t = useWorld();

const PLAIN_APP = 'wx00000000000000c1';
const SAFE_APP = 'wx00000000000000c2';
const TOKEN = 'callbacktoken1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SECRET = '0123456789abcdef0123456789abcdef';

const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const signed = (extra: Record<string, string> = {}, timestamp = nowSeconds(), nonce = 'n0nce') =>
  new URLSearchParams({ signature: callbackSignature(TOKEN, timestamp, nonce), timestamp, nonce, ...extra }).toString();

const event = (fields: Record<string, string | number>) =>
  buildWeChatXml({ ToUserName: 'gh_demo', FromUserName: 'openid-alice', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', ...fields });

const post = (appId: string, query: string, body: string) => t.app.request('POST', `/wechat/${appId}?${query}`, { raw: body, headers: { 'content-type': 'text/xml' } });
const events = () => mongoose.connection.db!.collection('wechatevents');

beforeAll(async () => {
  const admin = await t.world.token('a', 'admin');
  const bind = (appId: string, messageMode: string) =>
    t.app.request('PUT', `/api/v1/wechat/apps/${appId}`, { token: admin, body: { kind: 'official', name: appId, appSecret: SECRET, token: TOKEN, encodingAESKey: AES_KEY, messageMode } });
  expect((await bind(PLAIN_APP, 'plain')).status).toBe(200);
  expect((await bind(SAFE_APP, 'safe')).status).toBe(200);
});

describe('server verification (GET)', () => {
  it('echoes echostr for a good signature and refuses the rest', async () => {
    const ok = await t.app.request('GET', `/wechat/${PLAIN_APP}?${signed({ echostr: 'echo-123' })}`);
    expect([ok.status, ok.body]).toEqual([200, 'echo-123']);
    const forged = await t.app.request('GET', `/wechat/${PLAIN_APP}?signature=deadbeef&timestamp=${nowSeconds()}&nonce=x&echostr=e`);
    expect([forged.status, forged.body]).toEqual([403, 'bad_signature']);
    const stale = await t.app.request('GET', `/wechat/${PLAIN_APP}?${signed({ echostr: 'e' }, String(Math.floor(Date.now() / 1000) - 301))}`);
    expect([stale.status, stale.body]).toEqual([403, 'stale_timestamp']);
    expect((await t.app.request('GET', `/wechat/wx0000000000000099?${signed({ echostr: 'e' })}`)).status).toBe(404);
  });
});

describe('pushes (POST)', () => {
  it('takes a subscribe event once, records the follower under the owning tenant, and answers success', async () => {
    const body = event({ Event: 'subscribe', EventKey: '' });
    const query = signed();
    const first = await post(PLAIN_APP, query, body);
    expect([first.status, first.body]).toEqual([200, 'success']);
    const retry = await post(PLAIN_APP, query, body);
    expect([retry.status, retry.body]).toEqual([200, 'success']);
    const stored = await events().find({ appId: PLAIN_APP, event: 'subscribe' }).toArray();
    expect(stored).toHaveLength(1);
    expect(String(stored[0].tenantId)).toBe(t.world.a.tenantId);
    const follower = await mongoose.connection.db!.collection('wechatfollowers').findOne({ _id: `${PLAIN_APP}:openid-alice` as never });
    expect(follower).toMatchObject({ following: true, tenantId: new mongoose.Types.ObjectId(t.world.a.tenantId) });
  });

  it('refuses a forged or stale push and stores nothing', async () => {
    const before = await events().countDocuments();
    const body = event({ Event: 'unsubscribe', EventKey: '' });
    expect((await post(PLAIN_APP, 'signature=00&timestamp=1&nonce=x', body)).status).toBe(403);
    expect((await post(PLAIN_APP, signed({}, String(Math.floor(Date.now() / 1000) - 600)), body)).status).toBe(403);
    expect(await events().countDocuments()).toBe(before);
  });

  it('takes an encrypted push in safe mode and refuses a tampered or plain one', async () => {
    const cipher = createMessageCipher({ token: TOKEN, encodingAESKey: AES_KEY, appId: SAFE_APP });
    const timestamp = nowSeconds();
    const { encrypt, msgSignature } = cipher.encrypt(event({ Event: 'SCAN', EventKey: 'login_abc', Ticket: 'T1' }), { timestamp, nonce: 'n2' });
    const body = buildWeChatXml({ ToUserName: 'gh_demo', Encrypt: encrypt });
    const query = (msg: string) => signed({ encrypt_type: 'aes', msg_signature: msg }, timestamp, 'n2');

    const ok = await post(SAFE_APP, query(msgSignature), body);
    expect(ok.status).toBe(200);
    expect(await events().countDocuments({ appId: SAFE_APP, event: 'SCAN', eventKey: 'login_abc' })).toBe(1);
    // A login scan is answered with a text message to the person, encrypted like the push was.
    const reply = parseWeChatXml(ok.body);
    expect(cipher.verifySignature(reply.MsgSignature, reply.TimeStamp, reply.Nonce, reply.Encrypt)).toBe(true);
    expect(parseWeChatXml(cipher.decrypt(reply.Encrypt))).toMatchObject({ ToUserName: 'openid-alice', MsgType: 'text', Content: expect.stringContaining('尚未绑定') });

    expect((await post(SAFE_APP, query('0'.repeat(40)), body)).status).toBe(403);
    expect((await post(SAFE_APP, signed(), event({ Event: 'SCAN', EventKey: 'x' }))).status).toBe(400);
  });

  it('refuses unreadable XML without saying which check failed', async () => {
    const res = await post(PLAIN_APP, signed(), '<!DOCTYPE x [<!ENTITY a "b">]><xml><A>&a;</A></xml>');
    expect([res.status, res.body]).toEqual([400, 'unreadable']);
  });
});
