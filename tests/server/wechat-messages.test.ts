import { createSealer } from '../../server/core/secrets';
import { createBindingService, createMessageSender, createWeChatClient } from '../../server/modules/wechat';
import { useEmulator } from '../helpers/emulator';
import { TEST_SEALING_KEY } from '../helpers/app';
import { useWorld } from '../helpers/world';

const e = useEmulator();
const t = useWorld();
const OFFICIAL = 'wx00000000000000c7';
const MINI = 'wx00000000000000c8';
const SECRET = 'c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7';
const TEMPLATE = 'TPL_TODO';

function sender() {
  const bindings = createBindingService(createSealer(TEST_SEALING_KEY));
  return createMessageSender(createWeChatClient({ apiBase: e.wx.baseUrl, busyBackoffMs: [5, 5], secretOf: async (appId) => (await bindings.secretsOfApp(appId))!.appSecret }));
}

const todo = (openid: string, clientMsgId = `todo-${Math.random()}`) => ({
  appId: OFFICIAL,
  openid,
  templateId: TEMPLATE,
  clientMsgId,
  fields: { thing1: '审批：上海浦江科技有限公司的客户报备申请（华东区大客户）', time2: '2026-11-29 10:00' },
  link: { url: 'https://portal.example/pages/home/index/index' },
});

beforeAll(async () => {
  e.wx.registerApp({ appId: OFFICIAL, appSecret: SECRET, kind: 'official', templates: [TEMPLATE] });
  e.wx.registerApp({ appId: MINI, appSecret: SECRET, kind: 'mini' });
  e.wx.addTemplate(MINI, 'SUB_TODO');
  for (const key of ['fan', 'stranger']) e.wx.addUser({ key });
  e.wx.follow(OFFICIAL, 'fan');
  const admin = await t.world.token('a', 'admin');
  for (const [appId, kind] of [[OFFICIAL, 'official'], [MINI, 'mini']]) {
    const body = { kind, name: appId, appSecret: SECRET, ...(kind === 'official' ? { token: 'tok999' } : {}) };
    expect((await t.app.request('PUT', `/api/v1/wechat/apps/${appId}`, { token: admin, body })).status).toBe(200);
  }
});

describe('template messages', () => {
  it('reach a follower with keywords cut to WeChat\'s 20 characters, even when the token expires meanwhile', async () => {
    const send = sender();
    e.wx.expireTokens(OFFICIAL);
    const delivery = await send.template(todo(e.wx.openid(OFFICIAL, 'fan')));
    expect(delivery).toEqual({ outcome: 'sent', msgid: expect.any(String) });
    const record = e.wx.sent.template.at(-1) as { data: Record<string, { value: string }> };
    expect([...record.data.thing1.value]).toHaveLength(20);
    expect(record.data.thing1.value.endsWith('…')).toBe(true);
  });

  it('are sent once for one notice, however often it is retried', async () => {
    const send = sender();
    const before = e.wx.sent.template.length;
    const first = await send.template(todo(e.wx.openid(OFFICIAL, 'fan'), 'todo-42'));
    const again = await send.template(todo(e.wx.openid(OFFICIAL, 'fan'), 'todo-42'));
    expect(again).toEqual(first);
    expect(e.wx.sent.template.length).toBe(before + 1);
  });

  it('are classified: a non-follower cannot be reached, a quota error is retried later', async () => {
    const send = sender();
    expect(await send.template(todo(e.wx.openid(OFFICIAL, 'stranger')))).toEqual({ outcome: 'undeliverable', errcode: 43004, reason: 'not_following' });
    e.wx.failNext('/cgi-bin/message/template/send', 45009, 1);
    expect(await send.template(todo(e.wx.openid(OFFICIAL, 'fan')))).toMatchObject({ outcome: 'retry', errcode: 45009 });
  });

  it('refuse first and remark lines, which WeChat no longer shows', async () => {
    expect(() => sender().template({ ...todo('x'), fields: { first: 'Hello' } })).toThrow(/first/);
  });
});

describe('subscribe messages', () => {
  it('need a one-time subscription, which each send uses up', async () => {
    const send = sender();
    const message = { appId: MINI, openid: e.wx.openid(MINI, 'fan'), templateId: 'SUB_TODO', fields: { thing1: '新的待办' }, page: 'pages/todos/inbox/index' };
    expect(await send.subscribe(message)).toMatchObject({ outcome: 'undeliverable', errcode: 43101, reason: 'not_subscribed' });
    e.wx.grantSubscription(MINI, 'fan', 'SUB_TODO', 1);
    expect((await send.subscribe(message)).outcome).toBe('sent');
    expect((await send.subscribe(message)).outcome).toBe('undeliverable');
  });
});
