import { PrismaService } from '../../src/prisma/prisma.service.js';
import {
  bearer,
  decodeJwt,
  decodeJwtHeader,
  errorBody,
  login,
  postRefresh,
  registerAndLogin,
  registerUser,
  sleep,
  type TestUser,
  type TokenPairBody,
} from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

const sessionOf = (tokens: TokenPairBody) => decodeJwt(tokens.accessToken).sid as string;

describe('Refresh-token rotation (e2e)', () => {
  const t = useTestApp();
  let user: TestUser;

  beforeAll(async () => {
    user = await registerUser(t.http);
  });

  const reuseEvents = (sessionId: string) =>
    t.app.get(PrismaService).securityEvent.findMany({ where: { sessionId, type: 'refresh_token_reuse_detected' } });

  it('rotates a refresh token into a new pair with refresh-level trust', async () => {
    const first = await login(t.http, user);
    const response = await postRefresh(t.http, first.refreshToken).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: t.config.jwt.accessTtl,
      refreshToken: expect.any(String),
      refreshExpiresIn: expect.any(Number),
      secureUntil: null,
    });
    expect(response.body.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwtHeader(response.body.refreshToken).typ).toBe('rt+jwt');

    const before = decodeJwt(first.accessToken);
    const after = decodeJwt(response.body.accessToken);
    expect(decodeJwtHeader(response.body.accessToken).typ).toBe('at+jwt');
    expect(after).toMatchObject({ sub: user.id, sid: before.sid, authType: 'refresh', isSecure: false });
    expect(after).not.toHaveProperty('secureUntil');
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.amr).toEqual(before.amr);
    expect(after.jti).not.toBe(before.jti);

    const me = await t.http().get('/auth/me').set(...bearer(response.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ authType: 'refresh', isSecure: false, secureUntil: null, auth_time: before.auth_time });
  });

  it('serves the same rotation on the /auth/refresh alias', async () => {
    const first = await login(t.http, user);
    const viaAlias = await t.http().post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(viaAlias.body.secureUntil).toBeNull();
    expect(decodeJwt(viaAlias.body.accessToken).authType).toBe('refresh');
    // The alias consumed the token like /auth/token would: its successor is what works next.
    await postRefresh(t.http, viaAlias.body.refreshToken).expect(200);
  });

  it('keeps auth_time and amr unchanged through several rotations', async () => {
    const first = await login(t.http, user);
    let refreshToken = first.refreshToken;
    let accessToken = first.accessToken;
    for (let round = 0; round < 3; round++) {
      const response = await postRefresh(t.http, refreshToken).expect(200);
      ({ refreshToken, accessToken } = response.body);
    }
    expect(decodeJwt(accessToken)).toMatchObject({
      auth_time: decodeJwt(first.accessToken).auth_time,
      amr: ['pwd'],
      sid: sessionOf(first),
    });
  });

  it('answers the immediately previous token within the grace window with the same successor', async () => {
    const first = await login(t.http, user);
    const one = await postRefresh(t.http, first.refreshToken).expect(200);
    const again = await postRefresh(t.http, first.refreshToken).expect(200);
    expect(again.body.refreshToken).toBe(one.body.refreshToken);
    await postRefresh(t.http, one.body.refreshToken).expect(200);
  });

  it('gives 20 parallel refreshes of one token the same successor and keeps the session working', async () => {
    const first = await login(t.http, user);
    const responses = await Promise.all(Array.from({ length: 20 }, () => postRefresh(t.http, first.refreshToken)));

    // Racing tabs must all end up logged in, in one shared session.
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const successors = new Set(responses.map((response) => response.body.refreshToken));
    expect(successors.size).toBe(1);
    expect(new Set(responses.map((response) => sessionOf(response.body)))).toEqual(new Set([sessionOf(first)]));

    const [successor] = successors;
    const next = await postRefresh(t.http, successor).expect(200);
    expect(sessionOf(next.body)).toBe(sessionOf(first));
    expect(await reuseEvents(sessionOf(first))).toHaveLength(0);
  });

  it('revokes the session when an older (grandparent) token is replayed, even within the grace window', async () => {
    const first = await login(t.http, user);
    const second = await postRefresh(t.http, first.refreshToken).expect(200);
    const third = await postRefresh(t.http, second.body.refreshToken).expect(200);

    const replay = await postRefresh(t.http, first.refreshToken).expect(401);
    expect(replay.body).toEqual(errorBody(401, 'invalid_grant'));
    const newest = await postRefresh(t.http, third.body.refreshToken).expect(401);
    expect(newest.body).toEqual(errorBody(401, 'invalid_grant'));
    expect(await reuseEvents(sessionOf(first))).toHaveLength(1);
  });

  it('stores only a hash of each refresh token, and the hash is no refresh token', async () => {
    const first = await login(t.http, user);
    const rows = await t.app.get(PrismaService).refreshToken.findMany({ where: { sessionId: sessionOf(first) } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(first.refreshToken);
    expect(JSON.stringify(rows)).not.toContain(first.refreshToken.split('.')[2]);

    const response = await postRefresh(t.http, rows[0]!.tokenHash).expect(401);
    expect(response.body).toEqual(errorBody(401, 'invalid_grant'));
    // The real token still works: the failed attempt did not consume it.
    await postRefresh(t.http, first.refreshToken).expect(200);
  });

  it('refuses an access token presented as a refresh token with invalid_grant', async () => {
    const first = await login(t.http, user);
    const response = await postRefresh(t.http, first.accessToken).expect(401);
    expect(response.body).toEqual(errorBody(401, 'invalid_grant'));
    await postRefresh(t.http, first.refreshToken).expect(200);
  });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['an empty token', { refreshToken: '' }],
    ['a null token', { refreshToken: null }],
    ['a numeric token', { refreshToken: 42 }],
    ['an object as token', { refreshToken: { token: 'x' } }],
    ['an array as token', { refreshToken: ['a.b.c'] }],
    ['garbage', { refreshToken: 'garbage' }],
    ['three garbage segments', { refreshToken: 'a.b.c' }],
    ['an unsigned token', { refreshToken: 'eyJhbGciOiJub25lIiwidHlwIjoicnQrand0In0.eyJzdWIiOiJ4In0.' }],
    ['a 10,000-character token', { refreshToken: 'x'.repeat(10_000) }],
    ['an array body', [{ refreshToken: 'x' }]],
  ])('answers %s with a 400 or 401 in the error shape', async (_name, body) => {
    const request = t.http().post('/auth/token');
    const response = await (body === undefined ? request : request.send(body as object));
    expect([400, 401]).toContain(response.status);
    expect(response.body).toMatchObject({ statusCode: response.status, error: expect.any(String), message: expect.any(String) });
  });

  describe('with a rate limit of 3 per minute', () => {
    const limited = useTestApp({ RATE_LIMIT_PER_MINUTE: '3' });

    it('counts refused refresh tokens against the limit, then answers 429 with Retry-After', async () => {
      for (let attempt = 0; attempt < 3; attempt++) await postRefresh(limited.http, `guess-${attempt}`).expect(401);
      const response = await postRefresh(limited.http, 'guess-3').expect(429);
      expect(response.body).toEqual(errorBody(429, 'too_many_requests'));
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('with a 1 s grace window', () => {
    const short = useTestApp({ REFRESH_REUSE_GRACE: '1s' });

    it('revokes the whole session when the previous token is replayed after the grace window', async () => {
      const { user: victim, tokens } = await registerAndLogin(short.http);
      const rotated = await postRefresh(short.http, tokens.refreshToken).expect(200);
      await sleep(1_200);

      const replay = await postRefresh(short.http, tokens.refreshToken).expect(401);
      expect(replay.body).toEqual(errorBody(401, 'invalid_grant'));
      const newest = await postRefresh(short.http, rotated.body.refreshToken).expect(401);
      expect(newest.body).toEqual(errorBody(401, 'invalid_grant'));

      const other = await login(short.http, victim);
      const sessions = await short.http().get('/auth/sessions').set(...bearer(other.accessToken)).expect(200);
      const ids = sessions.body.map((session: { id: string }) => session.id);
      expect(ids).toContain(sessionOf(other));
      expect(ids).not.toContain(sessionOf(tokens));

      const events = await reuseEvents(sessionOf(tokens));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ userId: victim.id, type: 'refresh_token_reuse_detected' });
      // The other session was not touched.
      await postRefresh(short.http, other.refreshToken).expect(200);
    });
  });
});
