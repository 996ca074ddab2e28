import { Types } from 'mongoose';
import { runAsSystem } from '../../server/core/context';
import { createAccount, User } from '../../server/modules/auth';
import { Level, Partner } from '../../server/modules/partners';
import { Tenant } from '../../server/modules/tenants';
import { startTestApp, type TestApp } from './app';

export const PASSWORD = 'Passw0rd!';

export const PEOPLE = ['admin', 'manager1', 'manager2', 'p1admin', 'p1member', 'p2admin'] as const;
export type Person = (typeof PEOPLE)[number];

export interface TenantWorld {
  code: string;
  tenantId: string;
  levels: { gold: string; silver: string };
  partners: { p1: string; p2: string };
  users: Record<Person, string>;
}

export interface World {
  a: TenantWorld;
  b: TenantWorld;
  /** Logs in through HTTP and returns the access token (cached per person). */
  token(tenant: 'a' | 'b', person: Person): Promise<string>;
  login(tenant: 'a' | 'b', person: Person): Promise<{ accessToken: string; refreshToken: string }>;
}

/**
 * Two tenants with the same shape and the same usernames, so every scope test can ask "does tenant B see tenant A's
 * record?" and "does partner 2 see partner 1's?". manager1 manages p1, manager2 manages p2.
 */
async function seedTenant(code: string): Promise<TenantWorld> {
  const tenant = await Tenant.create({ code, name: `Tenant ${code}` });
  const tenantId = tenant._id.toHexString();
  return runAsSystem(tenantId, async () => {
    const [gold, silver] = await Level.insertMany([
      { tenantId: tenant._id, name: 'Gold', rank: 1, weight: 60, leadLimit: 100, accountLimit: 50, maxDiscountPct: 15 },
      { tenantId: tenant._id, name: 'Silver', rank: 2, weight: 40, leadLimit: 50, accountLimit: 20, maxDiscountPct: 8 },
    ]);
    const account = async (username: string, role: Parameters<typeof createAccount>[0]['role'], partnerId: Types.ObjectId | null) =>
      (await createAccount({ name: username, username, role, partnerId, initialPassword: PASSWORD }))._id;
    const admin = await account('admin', 'admin', null);
    const manager1 = await account('manager1', 'channel_manager', null);
    const manager2 = await account('manager2', 'channel_manager', null);
    const [p1, p2] = await Partner.insertMany([
      { tenantId: tenant._id, name: 'Partner One', levelId: gold._id, region: { province: '310000' }, channelManagerId: manager1 },
      { tenantId: tenant._id, name: 'Partner Two', levelId: silver._id, region: { province: '330000' }, channelManagerId: manager2 },
    ]);
    const p1admin = await account('p1admin', 'partner_admin', p1._id);
    const p1member = await account('p1member', 'partner_member', p1._id);
    const p2admin = await account('p2admin', 'partner_admin', p2._id);
    await User.updateMany({ tenantId: tenant._id }, { mustChangePassword: false });
    const hex = (id: Types.ObjectId) => id.toHexString();
    return {
      code,
      tenantId,
      levels: { gold: hex(gold._id), silver: hex(silver._id) },
      partners: { p1: hex(p1._id), p2: hex(p2._id) },
      users: { admin: hex(admin), manager1: hex(manager1), manager2: hex(manager2), p1admin: hex(p1admin), p1member: hex(p1member), p2admin: hex(p2admin) },
    };
  });
}

export async function seedWorld(app: TestApp): Promise<World> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const a = await seedTenant(`a${suffix}`);
  const b = await seedTenant(`b${suffix}`);
  const tokens = new Map<string, string>();
  const login = async (tenant: 'a' | 'b', person: Person) => {
    const code = (tenant === 'a' ? a : b).code;
    const response = await app.request('POST', '/api/v1/auth/login', { body: { tenant: code, account: person, password: PASSWORD } });
    if (response.status !== 200) throw new Error(`login ${tenant}/${person} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { accessToken: string; refreshToken: string };
  };
  return {
    a,
    b,
    login,
    async token(tenant, person) {
      const key = `${tenant}/${person}`;
      if (!tokens.has(key)) tokens.set(key, (await login(tenant, person)).accessToken);
      return tokens.get(key)!;
    },
  };
}

/** The usual set-up of a test file: the real app on its own database, with the two-tenant world seeded. */
export function useWorld(options?: () => Parameters<typeof startTestApp>[0]): { app: TestApp; world: World } {
  const handle = {} as { app: TestApp; world: World };
  beforeAll(async () => {
    handle.app = await startTestApp(options?.());
    handle.world = await seedWorld(handle.app);
  });
  afterAll(() => handle.app.close());
  return handle;
}
