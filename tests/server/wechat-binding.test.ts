import mongoose from 'mongoose';
import { createSealer } from '../../server/core/secrets';
import { TEST_SEALING_KEY } from '../helpers/app';
import { useWorld } from '../helpers/world';

const t = useWorld();

const APP_ID = 'wx1234567890abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const official = { kind: 'official', name: '演示服务号', appSecret: SECRET, token: 'cptoken123', encodingAESKey: AES_KEY, messageMode: 'safe', templates: { todo: 'TPL_TODO_1' } };

describe('WeChat app binding', () => {
  it('binds an official account; secrets are sealed at rest and never answered', async () => {
    const admin = await t.world.token('a', 'admin');
    const res = await t.app.request('PUT', `/api/v1/wechat/apps/${APP_ID}`, { token: admin, body: official });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ appId: APP_ID, kind: 'official', messageMode: 'safe', appSecretSet: true, tokenSet: true, encodingAESKeySet: true, callbackPath: `/wechat/${APP_ID}`, templates: { todo: 'TPL_TODO_1' } });
    const listed = await t.app.request('GET', '/api/v1/wechat/apps', { token: admin });
    for (const text of [JSON.stringify(res.body), JSON.stringify(listed.body)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(AES_KEY);
      expect(text).not.toContain('cptoken123');
    }
    const stored = await mongoose.connection.db!.collection('wechatapps').findOne({ _id: APP_ID as never });
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    expect(createSealer(TEST_SEALING_KEY).open(stored!.appSecretSealed)).toBe(SECRET);

    const trail = await t.app.request('GET', `/api/v1/audit?entityType=wechat&entityId=${APP_ID}`, { token: admin });
    expect(trail.body.items[0]).toMatchObject({ action: 'wechat.bind', after: { secrets: ['appSecret', 'token', 'encodingAESKey'] } });
    expect(JSON.stringify(trail.body)).not.toContain(SECRET);
  });

  it('keeps stored secrets when an update leaves them out', async () => {
    const admin = await t.world.token('a', 'admin');
    const res = await t.app.request('PUT', `/api/v1/wechat/apps/${APP_ID}`, { token: admin, body: { kind: 'official', name: '改名服务号', messageMode: 'safe' } });
    expect(res.body).toMatchObject({ name: '改名服务号', appSecretSet: true, tokenSet: true, encodingAESKeySet: true, templates: {} });
  });

  it('asks for what a new app or safe mode needs', async () => {
    const admin = await t.world.token('a', 'admin');
    const bare = await t.app.request('PUT', '/api/v1/wechat/apps/wx00000000000000aa', { token: admin, body: { kind: 'official', name: 'x', messageMode: 'safe' } });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.appSecret', 'body.encodingAESKey', 'body.token']);
    const mini = await t.app.request('PUT', '/api/v1/wechat/apps/wx00000000000000bb', { token: admin, body: { kind: 'mini', name: '小程序', appSecret: SECRET } });
    expect(mini.body).toMatchObject({ kind: 'mini', callbackPath: null, tokenSet: false });
    const badId = await t.app.request('PUT', '/api/v1/wechat/apps/not-an-app', { token: admin, body: { kind: 'mini', name: 'x', appSecret: SECRET } });
    expect(badId.body.errors[0].path).toBe('params.appId');
    const kindChange = await t.app.request('PUT', '/api/v1/wechat/apps/wx00000000000000bb', { token: admin, body: { kind: 'official', name: 'x', token: 'abc123' } });
    expect(kindChange.body.errors[0].path).toBe('body.kind');
  });

  it("keeps tenants apart: an appId bound elsewhere cannot be taken, seen or unbound", async () => {
    const adminB = await t.world.token('b', 'admin');
    const taken = await t.app.request('PUT', `/api/v1/wechat/apps/${APP_ID}`, { token: adminB, body: official });
    expect(taken.status).toBe(409);
    expect((await t.app.request('GET', '/api/v1/wechat/apps', { token: adminB })).body).toEqual([]);
    expect((await t.app.request('DELETE', `/api/v1/wechat/apps/${APP_ID}`, { token: adminB })).status).toBe(404);
    const listed = await t.app.request('GET', '/api/v1/wechat/apps', { token: await t.world.token('a', 'admin') });
    expect(listed.body.map((app: { appId: string }) => app.appId)).toContain(APP_ID);
  });

  it('is for upstream admins only', async () => {
    for (const person of ['manager1', 'p1admin'] as const) {
      expect((await t.app.request('GET', '/api/v1/wechat/apps', { token: await t.world.token('a', person) })).status).toBe(403);
    }
  });

  it('unbinds', async () => {
    const admin = await t.world.token('a', 'admin');
    expect((await t.app.request('DELETE', '/api/v1/wechat/apps/wx00000000000000bb', { token: admin })).status).toBe(204);
    expect((await t.app.request('GET', '/api/v1/wechat/apps', { token: admin })).body.map((a: { appId: string }) => a.appId)).toEqual([APP_ID]);
  });
});
