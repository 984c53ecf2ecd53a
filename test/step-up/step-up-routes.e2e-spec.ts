import { bearer, login, registerUser, reauthenticate, refreshMintedToken, sleep, type TestUser } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';
import { announcedMaxAge, STEP_UP_ROUTES, type StepUpRoute } from './step-up-routes.js';

function expectStepUpRefusal(response: { status: number; body: unknown; headers: Record<string, string> }, maxAge: number) {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ statusCode: 401, error: 'insufficient_user_authentication', message: expect.any(String) });
  const challenge = response.headers['www-authenticate'];
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="insufficient_user_authentication"');
  expect(challenge).toMatch(/error_description="[^"]+"/);
  expect(challenge).toMatch(new RegExp(`max_age=${maxAge}(,|$)`));
}

describe('Step-up routes (e2e)', () => {
  const t = useTestApp();
  let window: number;

  beforeAll(async () => {
    window = t.config.stepUp.window;
  });

  async function freshUser(): Promise<{ user: TestUser; accessToken: string; refreshToken: string }> {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    return { user, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  }

  describe.each(STEP_UP_ROUTES.map((route) => [route.name, route] as [string, StepUpRoute]))('%s', (_name, route) => {
    it('answers a request without a token with the 401 realm challenge', async () => {
      const { user } = await freshUser();
      const response = await route.send(t.http, user).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
      expect(response.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    });

    it('passes a fresh credential-login token', async () => {
      const { user, accessToken } = await freshUser();
      await route.send(t.http, user, { token: accessToken }).expect(route.passStatus);
    });

    it('refuses a refresh-minted token with insufficient_user_authentication and max_age', async () => {
      const { user, refreshToken } = await freshUser();
      const token = await refreshMintedToken(t.http, refreshToken);
      expectStepUpRefusal(await route.send(t.http, user, { token }), announcedMaxAge(route, window));
    });

    it('ignores trust claims forged in the query string, headers or body', async () => {
      const { user, refreshToken } = await freshUser();
      const token = await refreshMintedToken(t.http, refreshToken);
      const forged = { isSecure: 'true', secureUntil: String(Math.floor(Date.now() / 1000) + 3600), authType: 'credentials' };
      const response = await route.send(t.http, user, {
        token,
        query: forged,
        headers: { 'X-Is-Secure': 'true', 'X-Secure-Until': forged.secureUntil, 'X-Auth-Type': 'credentials' },
        extraBody: { ...forged, isSecure: true, secureUntil: Number(forged.secureUntil) },
      });
      // The guard runs before body validation, so even the unknown body fields get the step-up 401.
      expectStepUpRefusal(response, announcedMaxAge(route, window));
    });

    it('refuses the unexpired login token once its session is logged out', async () => {
      const { user, accessToken, refreshToken } = await freshUser();
      await t.http().post('/auth/logout').send({ refreshToken }).expect(204);
      // The token itself still verifies: only the session lookup can tell.
      const me = await t.http().get('/auth/me').set(...bearer(accessToken)).expect(200);
      expect(me.body.secureUntil).toBeGreaterThan(Math.floor(Date.now() / 1000));
      expectStepUpRefusal(await route.send(t.http, user, { token: accessToken }), announcedMaxAge(route, window));
    });

    it('refuses the unexpired login token of a session signed out by a password change elsewhere', async () => {
      const { user, accessToken: other } = await freshUser();
      const changer = await login(t.http, user);
      const newPassword = `changed-${user.password}`;
      await t
        .http()
        .post('/account/password')
        .set(...bearer(changer.accessToken))
        .send({ currentPassword: user.password, newPassword })
        .expect(204);
      expectStepUpRefusal(await route.send(t.http, { ...user, password: newPassword }, { token: other }), announcedMaxAge(route, window));
    });

    it('works again after POST /auth/reauthenticate, in the same session', async () => {
      const { user, accessToken, refreshToken } = await freshUser();
      const weak = await refreshMintedToken(t.http, refreshToken);
      expectStepUpRefusal(await route.send(t.http, user, { token: weak }), announcedMaxAge(route, window));

      const stepped = await reauthenticate(t.http, weak, user.password).expect(200);
      const me = await t.http().get('/auth/me').set(...bearer(stepped.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ authType: 'credentials', isSecure: true, secureUntil: stepped.body.secureUntil });
      const loginMe = await t.http().get('/auth/me').set(...bearer(accessToken)).expect(200);
      expect(me.body.sid).toBe(loginMe.body.sid);
      await route.send(t.http, user, { token: stepped.body.accessToken }).expect(route.passStatus);
    });
  });
});

describe('Step-up routes with a 2 s step-up window (e2e)', () => {
  const WINDOW = 2;
  const t = useTestApp({ STEP_UP_WINDOW: `${WINDOW}s` });

  it('refuses every step-up route once secureUntil has passed, though the token has not expired', async () => {
    const sessions = [];
    for (const route of STEP_UP_ROUTES) {
      const user = await registerUser(t.http);
      sessions.push({ route, user, tokens: await login(t.http, user) });
    }
    const latest = Math.max(...sessions.map(({ tokens }) => tokens.secureUntil!));
    // secureUntil is in whole seconds; wait until the current second is past the latest of them.
    await sleep(Math.max(0, latest * 1000 - Date.now()) + 200);

    for (const { route, user, tokens } of sessions) {
      await t.http().get('/auth/me').set(...bearer(tokens.accessToken)).expect(200);
      expectStepUpRefusal(await route.send(t.http, user, { token: tokens.accessToken }), announcedMaxAge(route, WINDOW));
    }
  });
});
