import { PrismaService } from '../../src/prisma/prisma.service.js';
import { bearer, decodeJwt, login, postRefresh, refreshMintedToken, registerUser, strongPassword, type TestUser } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

describe('POST /account/password (e2e)', () => {
  const t = useTestApp();

  const change = (accessToken: string, body: Record<string, unknown>) =>
    t.http().post('/account/password').set(...bearer(accessToken)).send(body);

  /** A user logged in three times: `current` changes the password, `others` are the rest. */
  async function userWithThreeSessions(): Promise<{ user: TestUser; current: Awaited<ReturnType<typeof login>>; others: Awaited<ReturnType<typeof login>>[] }> {
    const user = await registerUser(t.http);
    const others = [await login(t.http, user), await login(t.http, user)];
    return { user, current: await login(t.http, user), others };
  }

  it('answers 204; the new password logs in and the old one no longer does', async () => {
    const { user, current } = await userWithThreeSessions();
    const newPassword = strongPassword();
    const response = await change(current.accessToken, { currentPassword: user.password, newPassword }).expect(204);
    expect(response.text).toBe('');

    const old = await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
    expect(old.body.error).toBe('invalid_credentials');
    await login(t.http, { email: user.email, password: newPassword });
  });

  it('revokes every other session of the user (their refresh fails) but keeps the current one', async () => {
    const { user, current, others } = await userWithThreeSessions();
    const bystander = await login(t.http, await registerUser(t.http));
    await change(current.accessToken, { currentPassword: user.password, newPassword: strongPassword() }).expect(204);

    for (const other of others) {
      const refused = await postRefresh(t.http, other.refreshToken);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_grant');
    }
    const kept = await postRefresh(t.http, current.refreshToken);
    expect(kept.status).toBe(200);
    expect(decodeJwt(kept.body.accessToken).sid).toBe(decodeJwt(current.accessToken).sid);
    // Another user's session is not touched.
    expect((await postRefresh(t.http, bystander.refreshToken)).status).toBe(200);

    const sessions = await t.http().get('/auth/sessions').set(...bearer(kept.body.accessToken)).expect(200);
    expect(sessions.body.map((session: { id: string }) => session.id)).toEqual([decodeJwt(current.accessToken).sid]);
  });

  it('records a password_changed event for the calling session', async () => {
    const { user, current } = await userWithThreeSessions();
    await change(current.accessToken, { currentPassword: user.password, newPassword: strongPassword() }).expect(204);
    const events = await t.http().get('/account/security-events').set(...bearer(current.accessToken)).expect(200);
    expect(events.body.items[0]).toMatchObject({ type: 'password_changed', sessionId: decodeJwt(current.accessToken).sid });
  });

  it('refuses a wrong current password with 400 invalid_current_password and changes nothing', async () => {
    const { user, current, others } = await userWithThreeSessions();
    const response = await change(current.accessToken, { currentPassword: 'not-the-password', newPassword: strongPassword() }).expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'invalid_current_password', message: expect.any(String) });
    await login(t.http, user);
    expect((await postRefresh(t.http, others[0]!.refreshToken)).status).toBe(200);
  });

  it('refuses a new password equal to the current one with 400 password_unchanged', async () => {
    const { user, current, others } = await userWithThreeSessions();
    const response = await change(current.accessToken, { currentPassword: user.password, newPassword: user.password }).expect(400);
    expect(response.body.error).toBe('password_unchanged');
    expect((await postRefresh(t.http, others[0]!.refreshToken)).status).toBe(200);
  });

  it.each([
    ['too short', 'short1'],
    ['a well-known common password', 'password123'],
    ['over the maximum length', 'x'.repeat(257)],
    ['not a string', 12345678],
  ])('refuses a new password that is %s, like registration does', async (_label, newPassword) => {
    const { user, current } = await userWithThreeSessions();
    const response = await change(current.accessToken, { currentPassword: user.password, newPassword }).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed', details: expect.any(Array) });
    await login(t.http, user);
  });

  it('refuses a missing field or an unknown one with 400', async () => {
    const { user, current } = await userWithThreeSessions();
    await change(current.accessToken, { newPassword: strongPassword() }).expect(400);
    await change(current.accessToken, { currentPassword: user.password }).expect(400);
    await change(current.accessToken, { currentPassword: user.password, newPassword: strongPassword(), userId: user.id }).expect(400);
    await login(t.http, user);
  });

  it('stores the new password as an argon2id hash, never in clear', async () => {
    const { user, current } = await userWithThreeSessions();
    const newPassword = strongPassword();
    await change(current.accessToken, { currentPassword: user.password, newPassword }).expect(204);
    const row = await t.app.get(PrismaService).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(newPassword);
  });

  it('lets exactly one of two concurrent changes with the same current password win', async () => {
    const { user, current } = await userWithThreeSessions();
    const [a, b] = [strongPassword(), strongPassword()];
    const responses = await Promise.all([
      change(current.accessToken, { currentPassword: user.password, newPassword: a }),
      change(current.accessToken, { currentPassword: user.password, newPassword: b }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([204, 400]);
    const winner = responses[0]!.status === 204 ? a : b;
    await login(t.http, { email: user.email, password: winner });
  });

  it('needs step-up: a refresh-minted token gets the 401 challenge and changes nothing', async () => {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    const weak = await refreshMintedToken(t.http, tokens.refreshToken);
    const response = await change(weak, { currentPassword: user.password, newPassword: strongPassword() }).expect(401);
    expect(response.body.error).toBe('insufficient_user_authentication');
    await login(t.http, user);
  });
});
