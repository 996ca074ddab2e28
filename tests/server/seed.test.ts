import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANT, seedDemo } from '../../server/seed/demo';
import { startTestApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('demo data', () => {
  it('creates the demo tenant once, and every README login works at once', async () => {
    expect(await seedDemo()).toEqual({ created: true });
    expect(await seedDemo()).toEqual({ created: false });
    for (const account of DEMO_ACCOUNTS) {
      const res = await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: account.username, password: DEMO_PASSWORD } });
      expect({ account: account.username, status: res.status, mustChangePassword: res.body.mustChangePassword }).toEqual({ account: account.username, status: 200, mustChangePassword: false });
    }
  });

  it('has three partners at three levels, all under the demo channel manager', async () => {
    const login = await app.request('POST', '/api/v1/auth/login', { body: { tenant: DEMO_TENANT, account: 'manager', password: DEMO_PASSWORD } });
    const partners = await app.request('GET', '/api/v1/partners', { token: login.body.accessToken });
    expect(partners.body.items).toHaveLength(3);
    expect(new Set(partners.body.items.map((p: { levelId: string }) => p.levelId)).size).toBe(3);
  });
});
