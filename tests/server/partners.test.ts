import { PASSWORD, useWorld } from '../helpers/world';

const t = useWorld();

const region = { province: '440000', city: '440300', district: '440305' };

describe('levels', () => {
  it('admin creates, lists by rank, edits and deletes an unused level', async () => {
    const admin = await t.world.token('a', 'admin');
    const created = await t.app.request('POST', '/api/v1/levels', {
      token: admin,
      body: { name: 'Bronze', rank: 3, weight: 10, leadLimit: 20, accountLimit: 10, maxDiscountPct: 3 },
    });
    expect(created.status).toBe(201);
    const list = await t.app.request('GET', '/api/v1/levels', { token: admin });
    expect(list.body.map((l: { name: string }) => l.name)).toEqual(['Gold', 'Silver', 'Bronze']);
    const patched = await t.app.request('PATCH', `/api/v1/levels/${created.body.id}`, { token: admin, body: { leadLimit: 25 } });
    expect(patched.body).toMatchObject({ name: 'Bronze', leadLimit: 25 });
    expect((await t.app.request('DELETE', `/api/v1/levels/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await t.app.request('GET', '/api/v1/levels', { token: admin })).body).toHaveLength(2);
  });

  it('refuses a duplicate rank and deleting a level in use', async () => {
    const admin = await t.world.token('a', 'admin');
    const dup = await t.app.request('POST', '/api/v1/levels', { token: admin, body: { name: 'Platinum', rank: 1, weight: 1, leadLimit: 1, accountLimit: 1, maxDiscountPct: 1 } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('resource.duplicate');
    const inUse = await t.app.request('DELETE', `/api/v1/levels/${t.world.a.levels.gold}`, { token: admin });
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('resource.in_use');
  });

  it('is configured by admins only; partners may read', async () => {
    const manager = await t.world.token('a', 'manager1');
    expect((await t.app.request('POST', '/api/v1/levels', { token: manager, body: { name: 'X', rank: 9, weight: 1, leadLimit: 1, accountLimit: 1, maxDiscountPct: 1 } })).status).toBe(403);
    expect((await t.app.request('GET', '/api/v1/levels', { token: await t.world.token('a', 'p1admin') })).status).toBe(200);
    expect((await t.app.request('GET', '/api/v1/levels', { token: await t.world.token('a', 'p1member') })).status).toBe(403);
  });
});

describe('partners', () => {
  it('admin creates, reads, edits and filters partners', async () => {
    const admin = await t.world.token('a', 'admin');
    const created = await t.app.request('POST', '/api/v1/partners', {
      token: admin,
      body: { name: '深圳南山渠道有限公司', levelId: t.world.a.levels.silver, region, channelManagerId: t.world.a.users.manager1, contactName: '周', contactPhone: '13700000000' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', channelManagerId: t.world.a.users.manager1, region });
    const fetched = await t.app.request('GET', `/api/v1/partners/${created.body.id}`, { token: admin });
    expect(fetched.body.name).toBe('深圳南山渠道有限公司');
    const patched = await t.app.request('PATCH', `/api/v1/partners/${created.body.id}`, { token: admin, body: { levelId: t.world.a.levels.gold } });
    expect(patched.body.levelId).toBe(t.world.a.levels.gold);
    const searched = await t.app.request('GET', `/api/v1/partners?q=${encodeURIComponent('南山')}&province=440000`, { token: admin });
    expect(searched.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const dup = await t.app.request('POST', '/api/v1/partners', { token: admin, body: { name: '深圳南山渠道有限公司', levelId: t.world.a.levels.gold, region } });
    expect(dup.status).toBe(409);
  });

  it('rejects references to records that do not exist in the tenant', async () => {
    const admin = await t.world.token('a', 'admin');
    const otherTenantLevel = await t.app.request('POST', '/api/v1/partners', { token: admin, body: { name: 'Bad ref', levelId: t.world.b.levels.gold, region } });
    expect(otherTenantLevel.status).toBe(400);
    expect(otherTenantLevel.body).toMatchObject({ code: 'resource.invalid_reference', errors: [{ path: 'body.levelId' }] });
    const notAManager = await t.app.request('POST', '/api/v1/partners', { token: admin, body: { name: 'Bad ref', levelId: t.world.a.levels.gold, region, channelManagerId: t.world.a.users.p1admin } });
    expect(notAManager.body.errors[0].path).toBe('body.channelManagerId');
  });

  it('paginates by cursor without gaps or repeats', async () => {
    const admin = await t.world.token('a', 'admin');
    for (let i = 0; i < 5; i++) {
      await t.app.request('POST', '/api/v1/partners', { token: admin, body: { name: `Paged ${i}`, levelId: t.world.a.levels.silver, region: { province: '110000' } } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await t.app.request('GET', `/api/v1/partners?q=Paged&limit=2${query}`, { token: admin });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p: { name: string }) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
    const bad = await t.app.request('GET', '/api/v1/partners?cursor=!!!', { token: admin });
    expect(bad.body.code).toBe('request.invalid_cursor');
  });

  it('channel managers see and manage only their own partners', async () => {
    const manager1 = await t.world.token('a', 'manager1');
    const list = await t.app.request('GET', '/api/v1/partners?limit=100', { token: manager1 });
    const ids = list.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(t.world.a.partners.p1);
    expect(ids).not.toContain(t.world.a.partners.p2);
    expect(list.body.items.every((p: { channelManagerId: string }) => p.channelManagerId === t.world.a.users.manager1)).toBe(true);
    expect((await t.app.request('GET', `/api/v1/partners/${t.world.a.partners.p2}`, { token: manager1 })).status).toBe(404);
    expect((await t.app.request('PATCH', `/api/v1/partners/${t.world.a.partners.p2}`, { token: manager1, body: { contactName: 'x' } })).status).toBe(404);

    const own = await t.app.request('POST', '/api/v1/partners', { token: manager1, body: { name: 'Manager One Recruit', levelId: t.world.a.levels.silver, region } });
    expect(own.body.channelManagerId).toBe(t.world.a.users.manager1);
    const reassign = await t.app.request('PATCH', `/api/v1/partners/${own.body.id}`, { token: manager1, body: { channelManagerId: t.world.a.users.manager2 } });
    expect(reassign.status).toBe(400);
    expect(reassign.body.errors[0].path).toBe('body.channelManagerId');
  });

  it('partner staff see only their own company', async () => {
    const member = await t.world.token('a', 'p1member');
    const list = await t.app.request('GET', '/api/v1/partners', { token: member });
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([t.world.a.partners.p1]);
    expect((await t.app.request('GET', `/api/v1/partners/${t.world.a.partners.p2}`, { token: member })).status).toBe(404);
    expect((await t.app.request('PATCH', `/api/v1/partners/${t.world.a.partners.p1}`, { token: await t.world.token('a', 'p1admin'), body: { contactName: 'x' } })).status).toBe(403);
  });
});

describe('suspension', () => {
  it('stops the partner people at once, refuses their logins, and can be lifted', async () => {
    const admin = await t.world.token('a', 'admin');
    const active = await t.world.login('b', 'p2admin');
    expect((await t.app.request('GET', '/api/v1/me', { token: active.accessToken })).status).toBe(200);

    const adminB = await t.world.token('b', 'admin');
    const suspended = await t.app.request('POST', `/api/v1/partners/${t.world.b.partners.p2}/suspend`, { token: adminB, body: { reason: '合同到期' } });
    expect(suspended.body).toMatchObject({ status: 'suspended', suspendedReason: '合同到期' });
    expect((await t.app.request('GET', '/api/v1/me', { token: active.accessToken })).body.code).toBe('auth.session_revoked');
    expect((await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: active.refreshToken } })).status).toBe(401);
    const refused = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: t.world.b.code, account: 'p2admin', password: PASSWORD } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.partner_suspended');

    const again = await t.app.request('POST', `/api/v1/partners/${t.world.b.partners.p2}/suspend`, { token: adminB, body: { reason: 'twice' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('state.illegal_transition');
    // Another tenant's admin cannot even see it.
    expect((await t.app.request('POST', `/api/v1/partners/${t.world.b.partners.p2}/reactivate`, { token: admin })).status).toBe(404);

    expect((await t.app.request('POST', `/api/v1/partners/${t.world.b.partners.p2}/reactivate`, { token: adminB })).body.status).toBe('active');
    expect((await t.world.login('b', 'p2admin')).accessToken).toEqual(expect.any(String));
  });
});

describe('members', () => {
  it('a partner admin adds members to their own company only', async () => {
    const p1admin = await t.world.token('a', 'p1admin');
    const created = await t.app.request('POST', '/api/v1/members', { token: p1admin, body: { name: '销售甲', username: 'sales_a', role: 'partner_member', initialPassword: 'Start1234', leadCapacity: 30 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partnerId: t.world.a.partners.p1, leadCapacity: 30, mustChangePassword: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    const elsewhere = await t.app.request('POST', '/api/v1/members', { token: p1admin, body: { name: 'x', username: 'sales_b', role: 'partner_member', initialPassword: 'Start1234', partnerId: t.world.a.partners.p2 } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.code).toBe('resource.invalid_reference');

    const list = await t.app.request('GET', '/api/v1/members', { token: p1admin });
    expect(new Set(list.body.items.map((m: { partnerId: string }) => m.partnerId))).toEqual(new Set([t.world.a.partners.p1]));
    expect((await t.app.request('GET', `/api/v1/members/${t.world.a.users.p2admin}`, { token: p1admin })).status).toBe(404);
  });

  it('refuses a username already used in the tenant, but not in another tenant', async () => {
    const admin = await t.world.token('a', 'admin');
    const taken = await t.app.request('POST', '/api/v1/members', { token: admin, body: { name: 'x', username: 'P1Member', role: 'partner_member', partnerId: t.world.a.partners.p2, initialPassword: 'Start1234' } });
    expect(taken.status).toBe(409);
    expect(taken.body.errors[0].path).toBe('body.username');
    const adminB = await t.world.token('b', 'admin');
    const fresh = await t.app.request('POST', '/api/v1/members', { token: adminB, body: { name: 'x', username: 'sales_a', role: 'partner_member', partnerId: t.world.b.partners.p1, initialPassword: 'Start1234' } });
    expect(fresh.status).toBe(201);
  });

  it('needs a username or a phone, and an upstream caller must name the partner', async () => {
    const admin = await t.world.token('a', 'admin');
    const noLogin = await t.app.request('POST', '/api/v1/members', { token: admin, body: { name: 'x', role: 'partner_member', partnerId: t.world.a.partners.p1, initialPassword: 'Start1234' } });
    expect(noLogin.status).toBe(400);
    expect(noLogin.body.errors[0].path).toBe('body.username');
    const noPartner = await t.app.request('POST', '/api/v1/members', { token: admin, body: { name: 'x', username: 'orphan', role: 'partner_member', initialPassword: 'Start1234' } });
    expect(noPartner.body.errors[0].path).toBe('body.partnerId');
  });

  it('channel managers manage members of their partners only', async () => {
    const manager2 = await t.world.token('a', 'manager2');
    const list = await t.app.request('GET', '/api/v1/members', { token: manager2 });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([t.world.a.users.p2admin]);
    expect((await t.app.request('PATCH', `/api/v1/members/${t.world.a.users.p1member}`, { token: manager2, body: { leadCapacity: 1 } })).status).toBe(404);
    const patched = await t.app.request('PATCH', `/api/v1/members/${t.world.a.users.p2admin}`, { token: manager2, body: { accountCapacity: 12 } });
    expect(patched.body.accountCapacity).toBe(12);
  });

  it('a role change ends the member sessions so the new role applies at once', async () => {
    const admin = await t.world.token('a', 'admin');
    const created = await t.app.request('POST', '/api/v1/members', { token: admin, body: { name: 'Promoted', username: 'promoted', role: 'partner_member', partnerId: t.world.a.partners.p1, initialPassword: 'Start1234' } });
    const session = await t.app.request('POST', '/api/v1/auth/login', { body: { tenant: t.world.a.code, account: 'promoted', password: 'Start1234' } });
    await t.app.request('PATCH', `/api/v1/members/${created.body.id}`, { token: admin, body: { role: 'partner_admin' } });
    expect((await t.app.request('GET', '/api/v1/me', { token: session.body.accessToken })).status).toBe(401);
  });

  it('partner members cannot manage members', async () => {
    const member = await t.world.token('a', 'p1member');
    expect((await t.app.request('GET', '/api/v1/members', { token: member })).status).toBe(403);
    expect((await t.app.request('POST', '/api/v1/members', { token: member, body: { name: 'x', username: 'xx1', role: 'partner_member', initialPassword: 'Start1234' } })).status).toBe(403);
  });
});

describe('upstream staff', () => {
  it('admin adds a channel manager who can then be assigned partners', async () => {
    const admin = await t.world.token('a', 'admin');
    const created = await t.app.request('POST', '/api/v1/staff', { token: admin, body: { name: '渠道新人', username: 'cm_new', role: 'channel_manager', initialPassword: 'Start1234' } });
    expect(created.status).toBe(201);
    const assigned = await t.app.request('PATCH', `/api/v1/partners/${t.world.a.partners.p2}`, { token: admin, body: { channelManagerId: created.body.id } });
    expect(assigned.body.channelManagerId).toBe(created.body.id);
    const roles = await t.app.request('GET', '/api/v1/staff?role=channel_manager', { token: admin });
    expect(roles.body.items.map((s: { username: string }) => s.username)).toEqual(expect.arrayContaining(['cm_new', 'manager1', 'manager2']));
    expect(roles.body.items.every((s: { role: string }) => s.role === 'channel_manager')).toBe(true);
    // Put p2 back with manager2 for the other tests.
    await t.app.request('PATCH', `/api/v1/partners/${t.world.a.partners.p2}`, { token: admin, body: { channelManagerId: t.world.a.users.manager2 } });
  });

  it('an admin cannot disable or demote themselves', async () => {
    const admin = await t.world.token('a', 'admin');
    const res = await t.app.request('PATCH', `/api/v1/staff/${t.world.a.users.admin}`, { token: admin, body: { status: 'disabled' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('state.illegal_transition');
  });

  it('staff lists never include partner members, and partner staff cannot read them', async () => {
    const admin = await t.world.token('a', 'admin');
    const list = await t.app.request('GET', '/api/v1/staff', { token: admin });
    expect(list.body.items.some((s: { id: string }) => s.id === t.world.a.users.p1admin)).toBe(false);
    expect((await t.app.request('GET', `/api/v1/staff/${t.world.a.users.p1admin}`, { token: admin })).status).toBe(404);
    expect((await t.app.request('GET', '/api/v1/staff', { token: await t.world.token('a', 'p1admin') })).status).toBe(403);
    expect((await t.app.request('POST', '/api/v1/staff', { token: await t.world.token('a', 'manager1'), body: { name: 'x', username: 'xyz', role: 'admin', initialPassword: 'Start1234' } })).status).toBe(403);
  });
});

describe('regions', () => {
  it('keep a city inside its province and a district inside its city', async () => {
    const admin = await t.world.token('a', 'admin');
    const body = (r: object) => ({ name: 'Region check', levelId: t.world.a.levels.gold, region: r });
    const wrongCity = await t.app.request('POST', '/api/v1/partners', { token: admin, body: body({ province: '310000', city: '330100' }) });
    expect(wrongCity.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.region.city']);
    const wrongDistrict = await t.app.request('POST', '/api/v1/partners', { token: admin, body: body({ province: '310000', city: '310100', district: '310215' }) });
    expect(wrongDistrict.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.region.district']);
  });
});

describe('audit trail', () => {
  it('records ownership, status, role and discount changes with who made them', async () => {
    const admin = await t.world.token('b', 'admin');
    const { b } = t.world;
    await t.app.request('PATCH', `/api/v1/partners/${b.partners.p1}`, { token: admin, body: { channelManagerId: b.users.manager2 } });
    await t.app.request('PATCH', `/api/v1/levels/${b.levels.gold}`, { token: admin, body: { maxDiscountPct: 20 } });
    await t.app.request('PATCH', `/api/v1/members/${b.users.p1member}`, { token: admin, body: { role: 'partner_admin' } });
    await t.app.request('PATCH', `/api/v1/partners/${b.partners.p1}`, { token: admin, body: { contactName: 'not audited' } });

    const trail = await t.app.request('GET', '/api/v1/audit', { token: admin });
    expect(trail.status).toBe(200);
    const entries = trail.body.items.map((e: { action: string; before: unknown; after: unknown; actorId: string }) => ({ action: e.action, before: e.before, after: e.after, actorId: e.actorId }));
    expect(entries.slice(0, 3)).toEqual([
      { action: 'member.update', before: { role: 'partner_member' }, after: { role: 'partner_admin' }, actorId: b.users.admin },
      { action: 'level.update', before: { maxDiscountPct: 15 }, after: { maxDiscountPct: 20 }, actorId: b.users.admin },
      { action: 'partner.update', before: { channelManagerId: b.users.manager1 }, after: { channelManagerId: b.users.manager2 }, actorId: b.users.admin },
    ]);
    const forPartner = await t.app.request('GET', `/api/v1/audit?entityType=partner&entityId=${b.partners.p1}`, { token: admin });
    expect(forPartner.body.items).toHaveLength(1);
    // Tenant A's trail does not show tenant B's changes, and channel managers cannot read it.
    const other = await t.app.request('GET', '/api/v1/audit', { token: await t.world.token('a', 'admin') });
    expect(other.body.items.some((e: { entityId: string }) => e.entityId === b.partners.p1)).toBe(false);
    expect((await t.app.request('GET', '/api/v1/audit', { token: await t.world.token('b', 'manager1') })).status).toBe(403);
  });
});
