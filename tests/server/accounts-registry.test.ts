import { readFileSync } from 'node:fs';
import type { RegistryCompany } from '../../types/accounts';
import { REGISTRY_FILE } from '../../tools/generate-registry';
import { startFakeRegistry } from '../fakes/registry/server';
import { useWorld, type Person } from '../helpers/world';

// The app configured for a commercial registry API (REGISTRY_PROVIDER=http), here the fake one.
let fake: Awaited<ReturnType<typeof startFakeRegistry>>;
beforeAll(async () => {
  fake = await startFakeRegistry();
});
afterAll(() => fake.close());
const t = useWorld(() => ({ config: { REGISTRY_PROVIDER: 'http', REGISTRY_BASE_URL: fake.baseUrl, REGISTRY_API_KEY: fake.apiKey, REGISTRY_TIMEOUT_MS: 300 } }));
const call = async (method: string, path: string, person: Person, body?: unknown) =>
  t.app.request(method, `/api/v1${path}`, { token: await t.world.token('a', person), body });
const shipped = JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')) as RegistryCompany[];

describe('accounts with the HTTP registry provider', () => {
  it('autocompletes through the configured API and records its status on create', async () => {
    const company = shipped.find((c) => c.status === 'revoked')!;
    const found = await call('GET', `/accounts/registry?q=${encodeURIComponent(company.creditCode)}`, 'p1member');
    expect(found.body.companies).toEqual([company]);
    const created = await call('POST', '/accounts', 'p1member', { name: company.legalName, creditCode: company.creditCode, region: { province: '310000' } });
    expect(created.body.registryStatus).toBe('revoked');
  });

  it('says what to do when the registry is down, and still lets the account be created by hand', async () => {
    fake.failNext(500);
    const down = await call('GET', '/accounts/registry?q=科技', 'p1member');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 'registry.unavailable', title: '工商信息查询暂时不可用，可先手动填写' });
    fake.delayNext(1000);
    const created = await call('POST', '/accounts', 'p1member', { name: '注册库超时测试有限公司', region: { province: '310000' } });
    expect(created.status).toBe(201);
    expect(created.body.registryStatus).toBeNull();
  });
});
