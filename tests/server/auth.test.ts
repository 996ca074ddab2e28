import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from '../helpers/app';
import { PASSWORD, useWorld } from '../helpers/world';

const t = useWorld();

const login = (tenant: string, account: string, password: string, headers?: Record<string, string>) =>
  t.app.request('POST', '/api/v1/auth/login', { body: { tenant, account, password }, headers });

describe('login', () => {
  it('issues tokens and /me tells the user, roles and scope', async () => {
    const res = await login(t.world.a.code, 'p1member', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, mustChangePassword: false });
    const me = await t.app.request('GET', '/api/v1/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: t.world.a.users.p1member,
      tenant: { id: t.world.a.tenantId, code: t.world.a.code },
      partner: { id: t.world.a.partners.p1, name: 'Partner One' },
      roles: ['partner_member'],
      mustChangePassword: false,
    });
  });

  it('accepts the mobile number as the account', async () => {
    const admin = await t.world.token('a', 'p1admin');
    const created = await t.app.request('POST', '/api/v1/members', {
      token: admin,
      body: { name: '手机用户', phone: '13912345678', role: 'partner_member', initialPassword: 'Start1234' },
    });
    expect(created.status).toBe(201);
    const res = await login(t.world.a.code, '13912345678', 'Start1234');
    expect(res.status).toBe(200);
    expect(res.body.mustChangePassword).toBe(true);
  });

  it('keeps tenants apart: the same username logs into the tenant named', async () => {
    const res = await login(t.world.b.code, 'admin', PASSWORD);
    const me = await t.app.request('GET', '/api/v1/me', { token: res.body.accessToken });
    expect(me.body.tenant.id).toBe(t.world.b.tenantId);
  });

  it('answers a wrong password with the same code as an unknown account, in the caller language', async () => {
    const wrong = await login(t.world.a.code, 'manager2', 'nope-nope-1');
    const unknown = await login(t.world.a.code, 'nobody', 'nope-nope-1');
    const noTenant = await login('no-such-tenant', 'admin', PASSWORD);
    for (const res of [wrong, unknown, noTenant]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'auth.invalid_credentials', title: '账号或密码错误', requestId: expect.any(String) });
    }
    const english = await login(t.world.a.code, 'manager2', 'nope-nope-1', { 'accept-language': 'en-US,en;q=0.9' });
    expect(english.body.title).toBe('Wrong account or password');
  });

  it('locks the account after five failures, with Retry-After, and even the right password waits', async () => {
    const { body: created } = await t.app.request('POST', '/api/v1/staff', {
      token: await t.world.token('a', 'admin'),
      body: { name: 'Locky', username: 'locky', role: 'channel_manager', initialPassword: 'Start1234' },
    });
    for (let i = 1; i <= 4; i++) expect((await login(t.world.a.code, 'locky', `wrong-${i}xx`)).status).toBe(401);
    const fifth = await login(t.world.a.code, 'locky', 'wrong-5xx');
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('auth.locked');
    expect(Number(fifth.headers.get('retry-after'))).toBe(60);
    const right = await login(t.world.a.code, 'locky', 'Start1234');
    expect(right.status).toBe(429);
    expect(right.body.retryAfter).toBeGreaterThan(0);

    // An admin's password reset lifts the lock.
    const reset = await t.app.request('POST', `/api/v1/staff/${created.id}/password`, { token: await t.world.token('a', 'admin'), body: { initialPassword: 'Again1234' } });
    expect(reset.status).toBe(200);
    expect((await login(t.world.a.code, 'locky', 'Again1234')).status).toBe(200);
  });

  it('refuses disabled accounts', async () => {
    const admin = await t.world.token('a', 'admin');
    const { body: created } = await t.app.request('POST', '/api/v1/staff', { token: admin, body: { name: 'Gone', username: 'gone', role: 'channel_manager', initialPassword: 'Start1234' } });
    const session = await login(t.world.a.code, 'gone', 'Start1234');
    expect((await t.app.request('PATCH', `/api/v1/staff/${created.id}`, { token: admin, body: { status: 'disabled' } })).status).toBe(200);
    expect((await login(t.world.a.code, 'gone', 'Start1234')).body.code).toBe('auth.account_disabled');
    const after = await t.app.request('GET', '/api/v1/me', { token: session.body.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.session_revoked');
  });
});

describe('refresh tokens', () => {
  it('rotate on every use', async () => {
    const first = await t.world.login('a', 'manager1');
    const second = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(200);
    expect((await t.app.request('GET', '/api/v1/me', { token: third.body.accessToken })).status).toBe(200);
  });

  it('revoke the whole family when an old one is presented again', async () => {
    const first = await t.world.login('a', 'manager1');
    const second = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    const replay = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.refresh_reused');
    // The thief's replay also ends the rightful holder's newer tokens.
    const next = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(next.status).toBe(401);
    expect((await t.app.request('GET', '/api/v1/me', { token: second.body.accessToken })).body.code).toBe('auth.session_revoked');
  });

  it('reject forged and malformed tokens without revoking anything', async () => {
    const good = await t.world.login('a', 'manager1');
    const [tenantId, sessionId] = good.refreshToken.split('.');
    const forged = await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: `${tenantId}.${sessionId}.guessed-secret` } });
    expect(forged.body.code).toBe('auth.refresh_invalid');
    expect((await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'not-a-token-at-all' } })).body.code).toBe('auth.refresh_invalid');
    expect((await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: good.refreshToken } })).status).toBe(200);
  });
});

describe('logout and access tokens', () => {
  it('logout ends the session at once', async () => {
    const session = await t.world.login('a', 'p2admin');
    expect((await t.app.request('POST', '/api/v1/auth/logout', { token: session.accessToken })).status).toBe(204);
    expect((await t.app.request('GET', '/api/v1/me', { token: session.accessToken })).body.code).toBe('auth.session_revoked');
    expect((await t.app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it('tells an expired token from a missing or forged one', async () => {
    const session = await t.world.login('a', 'p2admin');
    const claims = jwt.decode(session.accessToken) as Record<string, unknown>;
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET);
    expect((await t.app.request('GET', '/api/v1/me', { token: expired })).body.code).toBe('auth.token_expired');
    const forged = jwt.sign(claims, 'another-secret-another-secret-another-secret');
    expect((await t.app.request('GET', '/api/v1/me', { token: forged })).body.code).toBe('auth.unauthenticated');
    const none = await t.app.request('GET', '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('auth.unauthenticated');
    expect((await t.app.request('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});

describe('forced password change', () => {
  it('limits a new member to /me and the change, then lets them in', async () => {
    const admin = await t.world.token('a', 'admin');
    const created = await t.app.request('POST', '/api/v1/members', {
      token: admin,
      body: { name: 'New Member', username: 'newbie', role: 'partner_member', partnerId: t.world.a.partners.p1, initialPassword: 'Initial123' },
    });
    expect(created.status).toBe(201);
    expect(created.body.mustChangePassword).toBe(true);

    const first = await login(t.world.a.code, 'newbie', 'Initial123');
    expect(first.body.mustChangePassword).toBe(true);
    const blocked = await t.app.request('GET', '/api/v1/partners', { token: first.body.accessToken });
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('auth.password_change_required');
    expect((await t.app.request('GET', '/api/v1/me', { token: first.body.accessToken })).body.mustChangePassword).toBe(true);

    const weak = await t.app.request('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: 'Initial123', newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('body.newPassword');
    const same = await t.app.request('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: 'Initial123', newPassword: 'Initial123' } });
    expect(same.body.code).toBe('auth.password_reused');
    const wrong = await t.app.request('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: 'Wrong1234', newPassword: 'MyOwn12345' } });
    expect(wrong.body.code).toBe('auth.wrong_current_password');

    const changed = await t.app.request('POST', '/api/v1/auth/password', { token: first.body.accessToken, body: { currentPassword: 'Initial123', newPassword: 'MyOwn12345' } });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await t.app.request('GET', '/api/v1/partners', { token: changed.body.accessToken })).status).toBe(200);
    expect((await login(t.world.a.code, 'newbie', 'Initial123')).status).toBe(401);
    expect((await login(t.world.a.code, 'newbie', 'MyOwn12345')).body.mustChangePassword).toBe(false);
  });

  it('ends the other sessions of the account when the password changes', async () => {
    const phone = await t.world.login('a', 'p1member');
    const desk = await t.world.login('a', 'p1member');
    const changed = await t.app.request('POST', '/api/v1/auth/password', { token: desk.accessToken, body: { currentPassword: PASSWORD, newPassword: 'Changed12345' } });
    expect(changed.status).toBe(200);
    expect((await t.app.request('GET', '/api/v1/me', { token: phone.accessToken })).body.code).toBe('auth.session_revoked');
    expect((await t.app.request('GET', '/api/v1/me', { token: changed.body.accessToken })).status).toBe(200);
    // Put it back for the other tests in this file.
    await t.app.request('POST', '/api/v1/auth/password', { token: changed.body.accessToken, body: { currentPassword: 'Changed12345', newPassword: PASSWORD } });
  });
});
