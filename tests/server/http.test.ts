import { Writable } from 'node:stream';
import Koa from 'koa';
import pino from 'pino';
import { errorHandler, requestContext } from '../../server/core/http';
import { useWorld } from '../helpers/world';

const t = useWorld();

const partnerBody = () => ({ name: `Edge ${Math.random()}`, levelId: t.world.a.levels.gold, region: { province: '110000' } });

async function partnerCount(): Promise<number> {
  const res = await t.app.request('GET', '/api/v1/partners?limit=100', { token: await t.world.token('a', 'admin') });
  return res.body.items.length;
}

describe('bad requests get a clear 4xx and write nothing', () => {
  it('malformed JSON', async () => {
    const before = await partnerCount();
    const res = await t.app.request('POST', '/api/v1/partners', { token: await t.world.token('a', 'admin'), raw: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('request.malformed_json');
    expect(await partnerCount()).toBe(before);
  });

  it('a body that is not JSON', async () => {
    const res = await t.app.request('POST', '/api/v1/partners', { token: await t.world.token('a', 'admin'), raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('request.unsupported_media_type');
  });

  it('a body over 1 MB', async () => {
    const before = await partnerCount();
    const huge = JSON.stringify({ ...partnerBody(), contactName: 'x'.repeat(1_100_000) });
    const res = await t.app.request('POST', '/api/v1/partners', { token: await t.world.token('a', 'admin'), raw: huge, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.too_large');
    expect(await partnerCount()).toBe(before);
  });

  it('a JSON body that is not an object', async () => {
    const res = await t.app.request('POST', '/api/v1/partners', { token: await t.world.token('a', 'admin'), raw: '"just a string"', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('bad query parameters, with the field named', async () => {
    const res = await t.app.request('GET', '/api/v1/partners?limit=1000&status=deleted&colour=red', { token: await t.world.token('a', 'admin') });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.colour', 'query.limit', 'query.status']);
  });

  it('explains field errors in the caller language', async () => {
    const token = await t.world.token('a', 'admin');
    const zh = await t.app.request('POST', '/api/v1/levels', { token, body: { name: '', rank: 0 } });
    const en = await t.app.request('POST', '/api/v1/levels', { token, body: { name: '', rank: 0 }, headers: { 'accept-language': 'en' } });
    expect(zh.body.title).toBe('提交的内容有误，请检查标出的字段');
    expect(en.body.title).toBe('Some fields are invalid; check the marked fields');
    const byPath = (body: { errors: { path: string; message: string }[] }) => Object.fromEntries(body.errors.map((e) => [e.path, e.message]));
    const missing = ['accountLimit', 'leadLimit', 'maxDiscountPct', 'weight'];
    expect(byPath(zh.body)).toEqual({ 'body.name': '必填', 'body.rank': '不能小于 1', ...Object.fromEntries(missing.map((field) => [`body.${field}`, '必填'])) });
    expect(byPath(en.body)).toEqual({ 'body.name': 'Required', 'body.rank': 'At least 1', ...Object.fromEntries(missing.map((field) => [`body.${field}`, 'Required'])) });
  });

  it('words the rules of the shared schemas and the refusals of services in the caller language too', async () => {
    const token = await t.world.token('a', 'admin');
    const body = { ...partnerBody(), contactPhone: '12345', colour: 'red' };
    const zh = await t.app.request('POST', '/api/v1/partners', { token, body });
    const en = await t.app.request('POST', '/api/v1/partners', { token, body, headers: { 'accept-language': 'en-US' } });
    const byPath = (b: { errors: { path: string; message: string }[] }) => Object.fromEntries(b.errors.map((e) => [e.path, e.message]));
    expect(byPath(zh.body)).toEqual({ 'body.contactPhone': '请输入 11 位大陆手机号', 'body.colour': '不接受这个字段' });
    expect(byPath(en.body)).toEqual({ 'body.contactPhone': 'Must be an 11-digit mainland mobile number', 'body.colour': 'This field is not accepted' });
    // A service's refusal names a key with its params; the answer words it.
    const range = (language: string) => t.app.request('PUT', `/api/v1/salable-ranges/${t.world.a.levels.silver}`, { token, body: { categories: [], skus: ['NOPE-1', 'NOPE-2'] }, headers: { 'accept-language': language } });
    expect((await range('zh-CN')).body.errors).toEqual([{ path: 'body.skus', code: 'invalid_reference', message: '没有 SKU 为 NOPE-1, NOPE-2 的产品' }]);
    expect((await range('en')).body.errors).toEqual([{ path: 'body.skus', code: 'invalid_reference', message: 'No product has the SKU NOPE-1, NOPE-2' }]);
  });

  it('unknown endpoints and methods', async () => {
    const missing = await t.app.request('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('route.not_found');
    const method = await t.app.request('PUT', '/api/v1/partners', { token: await t.world.token('a', 'admin'), body: {} });
    expect(method.status).toBe(405);
    expect(method.body.code).toBe('route.method_not_allowed');
  });

  it('a route that needs a login, without one', async () => {
    const res = await t.app.request('GET', '/api/v1/partners');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.unauthenticated');
  });
});

describe('unexpected errors', () => {
  it('answer 500 with a request id, log the error, and never show a stack or message', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const broken = new Koa();
    broken.use(requestContext());
    broken.use(errorHandler(logger));
    broken.use(() => {
      throw new Error('secret internals at /srv/t.app.ts:42');
    });
    const server = broken.listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/x`, { headers: { 'x-request-id': 'trace-me-12345' } });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({ code: 'server.internal', requestId: 'trace-me-12345' });
      expect(text).not.toMatch(/secret internals|at \/|\.ts:/);
      expect(lines.join('')).toMatch(/trace-me-12345/);
      expect(lines.join('')).toMatch(/secret internals/);
    } finally {
      server.close();
    }
  });
});

describe('probes and the API document', () => {
  it('healthz and readyz', async () => {
    expect((await t.app.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.app.request('GET', '/readyz')).body).toEqual({ status: 'ready', database: true });
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    expect((await t.app.request('GET', '/healthz', { headers: { 'x-request-id': 'abcdef123456' } })).headers.get('x-request-id')).toBe('abcdef123456');
    expect((await t.app.request('GET', '/healthz')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves OpenAPI 3.1 generated from the route schemas', async () => {
    const doc = (await t.app.request('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['tenant', 'account', 'password']),
      additionalProperties: false,
    });
    const list = doc.paths['/api/v1/partners'].get;
    expect(list['x-permission']).toBe('partners.read');
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit', 'q', 'status']));
    expect(list.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(doc.paths['/api/v1/partners/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(doc.components.schemas.Problem.required).toContain('code');
  });
});
