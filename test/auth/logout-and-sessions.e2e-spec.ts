import { randomUUID } from 'node:crypto';
import { bearer, decodeJwt, errorBody, login, postRefresh, registerUser, type TestUser, type TokenPairBody } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

const sessionOf = (tokens: TokenPairBody) => decodeJwt(tokens.accessToken).sid as string;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface SessionBody {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

describe('Logout and sessions (e2e)', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
  });

  const loginAs = (user: TestUser, userAgent: string) =>
    t
      .http()
      .post('/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.email, password: user.password })
      .expect(200)
      .then((response) => response.body as TokenPairBody);
  const listSessions = async (accessToken: string): Promise<SessionBody[]> =>
    (await t.http().get('/auth/sessions').set(...bearer(accessToken)).expect(200)).body;

  describe('POST /auth/logout', () => {
    it('answers 204 and the refresh token stops working', async () => {
      const tokens = await login(t.http, alice);
      await t.http().post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
      const response = await postRefresh(t.http, tokens.refreshToken).expect(401);
      expect(response.body).toEqual(errorBody(401, 'invalid_grant'));
    });

    it('ends the whole session: a rotated-away token of it is refused too', async () => {
      const tokens = await login(t.http, alice);
      const rotated = await postRefresh(t.http, tokens.refreshToken).expect(200);
      await t.http().post('/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
      await postRefresh(t.http, rotated.body.refreshToken).expect(401);
      await postRefresh(t.http, tokens.refreshToken).expect(401);
      const other = await login(t.http, alice);
      expect((await listSessions(other.accessToken)).map((session) => session.id)).not.toContain(sessionOf(tokens));
    });

    it('answers 204 for an unknown, garbage or already revoked token', async () => {
      const tokens = await login(t.http, alice);
      await t.http().post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
      for (const refreshToken of [tokens.refreshToken, 'garbage', 'a.b.c', tokens.accessToken, 'x'.repeat(4096)]) {
        await t.http().post('/auth/logout').send({ refreshToken }).expect(204);
      }
    });

    it('leaves other sessions alone when given a token it does not know', async () => {
      const tokens = await login(t.http, alice);
      await t.http().post('/auth/logout').send({ refreshToken: tokens.accessToken }).expect(204);
      await postRefresh(t.http, tokens.refreshToken).expect(200);
    });

    it.each([
      ['a missing refreshToken', {}],
      ['an empty refreshToken', { refreshToken: '' }],
      ['a numeric refreshToken', { refreshToken: 7 }],
      ['an unknown extra field', { refreshToken: 'x', everywhere: true }],
    ])('refuses %s with a 400 in the error shape', async (_name, body) => {
      const response = await t.http().post('/auth/logout').send(body).expect(400);
      expect(response.body).toEqual({ ...errorBody(400, 'validation_failed'), details: expect.any(Array) });
    });
  });

  describe('POST /auth/logout-all', () => {
    it('answers 204 and every session of the user stops refreshing, and no one else is touched', async () => {
      const carol = await registerUser(t.http);
      const sessions = [await login(t.http, carol), await login(t.http, carol), await login(t.http, carol)];
      const bystander = await login(t.http, bob);

      await t.http().post('/auth/logout-all').set(...bearer(sessions[1]!.accessToken)).expect(204);

      for (const tokens of sessions) {
        const response = await postRefresh(t.http, tokens.refreshToken).expect(401);
        expect(response.body).toEqual(errorBody(401, 'invalid_grant'));
      }
      await postRefresh(t.http, bystander.refreshToken).expect(200);
    });

    it('needs an access token', async () => {
      const response = await t.http().post('/auth/logout-all').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    });

    it('refuses a refresh token in place of the access token', async () => {
      const tokens = await login(t.http, bob);
      await t.http().post('/auth/logout-all').set(...bearer(tokens.refreshToken)).expect(401);
      await postRefresh(t.http, tokens.refreshToken).expect(200);
    });
  });

  describe('GET /auth/sessions', () => {
    it('lists the live sessions with exactly one marked current', async () => {
      const dave = await registerUser(t.http);
      const laptop = await loginAs(dave, 'laptop-browser/1.0');
      const phone = await loginAs(dave, 'phone-app/2.0');

      const sessions = await listSessions(phone.accessToken);
      expect(sessions).toHaveLength(2);
      for (const session of sessions) {
        expect(Object.keys(session).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastUsedAt', 'userAgent']);
        expect(session.createdAt).toMatch(ISO);
        expect(session.lastUsedAt).toMatch(ISO);
        expect(session.expiresAt).toMatch(ISO);
        expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
        expect(typeof session.ip).toBe('string');
        // Written in UTC like every other timestamp: a time-zone slip would show as hours here.
        expect(Math.abs(Date.parse(session.createdAt) - Date.now())).toBeLessThan(60_000);
        expect(Math.abs(Date.parse(session.lastUsedAt) - Date.now())).toBeLessThan(60_000);
      }
      // The first refresh token never outlives its session.
      for (const tokens of [laptop, phone]) {
        const session = sessions.find((candidate) => candidate.id === sessionOf(tokens))!;
        expect(Number(decodeJwt(tokens.refreshToken).exp) * 1000).toBeLessThanOrEqual(Date.parse(session.expiresAt));
      }
      expect(sessions.filter((session) => session.current)).toEqual([
        expect.objectContaining({ id: sessionOf(phone), userAgent: 'phone-app/2.0' }),
      ]);
      expect(sessions.find((session) => !session.current)).toMatchObject({ id: sessionOf(laptop), userAgent: 'laptop-browser/1.0' });

      // Seen from the other session, the other one is current.
      const fromLaptop = await listSessions(laptop.accessToken);
      expect(fromLaptop.filter((session) => session.current).map((session) => session.id)).toEqual([sessionOf(laptop)]);
    });

    it('never lists another user’s sessions', async () => {
      const bobs = await login(t.http, bob);
      const alices = await login(t.http, alice);
      const ids = (await listSessions(alices.accessToken)).map((session) => session.id);
      expect(ids).toContain(sessionOf(alices));
      expect(ids).not.toContain(sessionOf(bobs));
    });

    it('needs an access token', async () => {
      const response = await t.http().get('/auth/sessions').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
      expect(response.body).toEqual(errorBody(401, 'unauthorized'));
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    // A session of alice's that these tests only use through its access token.
    let caller: TokenPairBody;

    beforeAll(async () => {
      caller = await login(t.http, alice);
    });

    const revoke = (id: string, accessToken = caller.accessToken) =>
      t.http().delete(`/auth/sessions/${encodeURIComponent(id)}`).set(...bearer(accessToken));

    it('revokes one of the caller’s sessions: 204, its refresh fails, the others keep working', async () => {
      const kept = await login(t.http, alice);
      const doomed = await login(t.http, alice);

      await revoke(sessionOf(doomed), kept.accessToken).expect(204);

      const response = await postRefresh(t.http, doomed.refreshToken).expect(401);
      expect(response.body).toEqual(errorBody(401, 'invalid_grant'));
      expect((await listSessions(kept.accessToken)).map((session) => session.id)).not.toContain(sessionOf(doomed));
      await postRefresh(t.http, kept.refreshToken).expect(200);
    });

    it('lets the caller revoke its own current session', async () => {
      const tokens = await login(t.http, alice);
      await revoke(sessionOf(tokens), tokens.accessToken).expect(204);
      await postRefresh(t.http, tokens.refreshToken).expect(401);
    });

    it('answers 404 for another user’s session and leaves it alive', async () => {
      const bobs = await login(t.http, bob);
      const response = await revoke(sessionOf(bobs)).expect(404);
      expect(response.body).toEqual(errorBody(404, 'not_found'));
      await postRefresh(t.http, bobs.refreshToken).expect(200);
    });

    it('answers 404 for an unknown or already revoked session', async () => {
      const doomed = await login(t.http, alice);
      await revoke(randomUUID()).expect(404);
      await revoke(sessionOf(doomed)).expect(204);
      await revoke(sessionOf(doomed)).expect(404);
    });

    it.each(['not-a-uuid', '123', `${randomUUID()}x`, "1' OR '1'='1", 'x'.repeat(150)])('answers 404 for the malformed id %p', async (id) => {
      const response = await revoke(id).expect(404);
      expect(response.body).toEqual(errorBody(404, 'not_found'));
    });

    it('needs an access token', async () => {
      const response = await t.http().delete(`/auth/sessions/${randomUUID()}`).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    });
  });
});
