import {
  bearer,
  decodeJwt,
  enableTwoFactor,
  login,
  postRefresh,
  reauthenticate,
  refreshMintedToken,
  registerUser,
  totpCode,
} from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

describe('POST /auth/reauthenticate (e2e)', () => {
  const t = useTestApp();

  async function weakSession() {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    return { user, tokens, weak: await refreshMintedToken(t.http, tokens.refreshToken) };
  }

  it('answers a request without a token with the 401 realm challenge', async () => {
    const response = await t.http().post('/auth/reauthenticate').send({ password: 'whatever-password' }).expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
  });

  it('refuses a wrong password with 401 invalid_credentials and leaves the token without step-up', async () => {
    const { weak } = await weakSession();
    const response = await reauthenticate(t.http, weak, 'not-the-password').expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, error: 'invalid_credentials' });
    const setup = await t.http().post('/account/2fa/setup').set(...bearer(weak)).expect(401);
    expect(setup.body.error).toBe('insufficient_user_authentication');
  });

  it('returns a fresh high-trust access token for the same session, and nothing more', async () => {
    const { user, tokens, weak } = await weakSession();
    const before = Math.floor(Date.now() / 1000);
    const response = await reauthenticate(t.http, weak, user.password).expect(200);

    expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'expiresIn', 'secureUntil', 'tokenType']);
    expect(response.body.tokenType).toBe('Bearer');
    expect(response.body.expiresIn).toBe(t.config.jwt.accessTtl);
    expect(response.body.secureUntil).toBeGreaterThanOrEqual(before + t.config.stepUp.window);
    expect(response.headers['cache-control']).toBe('no-store');

    const claims = decodeJwt(response.body.accessToken);
    expect(claims.sid).toBe(decodeJwt(tokens.accessToken).sid);
    expect(claims).toMatchObject({ authType: 'credentials', isSecure: true, secureUntil: response.body.secureUntil, amr: ['pwd'] });
    expect(claims.auth_time as number).toBeGreaterThanOrEqual(before);

    const me = await t.http().get('/auth/me').set(...bearer(response.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ sid: claims.sid, authType: 'credentials', isSecure: true });
  });

  it('does not start a new session', async () => {
    const { user, weak } = await weakSession();
    const stepped = await reauthenticate(t.http, weak, user.password).expect(200);
    const sessions = await t.http().get('/auth/sessions').set(...bearer(stepped.body.accessToken)).expect(200);
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0]).toMatchObject({ id: decodeJwt(weak).sid, current: true });
  });

  it('gives a token whose trust a later refresh does not carry over', async () => {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    await reauthenticate(t.http, tokens.accessToken, user.password).expect(200);
    const refreshed = await postRefresh(t.http, tokens.refreshToken);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.secureUntil).toBeNull();
    expect(decodeJwt(refreshed.body.accessToken)).toMatchObject({ authType: 'refresh', isSecure: false });
    expect(decodeJwt(refreshed.body.accessToken).secureUntil).toBeUndefined();
    const setup = await t.http().post('/account/2fa/setup').set(...bearer(refreshed.body.accessToken)).expect(401);
    expect(setup.body.error).toBe('insufficient_user_authentication');
  });

  it('refuses a session that was logged out', async () => {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    await t.http().post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
    await reauthenticate(t.http, tokens.accessToken, user.password).expect(401);
  });

  it('refuses bodies that are not {password, otp?} with 400', async () => {
    const { weak } = await weakSession();
    await t.http().post('/auth/reauthenticate').set(...bearer(weak)).send({}).expect(400);
    await t.http().post('/auth/reauthenticate').set(...bearer(weak)).send({ password: 'x', isSecure: true }).expect(400);
    await t.http().post('/auth/reauthenticate').set(...bearer(weak)).send({ password: 'long-enough', otp: '12ab56' }).expect(400);
  });

  describe('with 2FA on', () => {
    it('asks for the code (mfa_required), refuses a wrong one, and accepts a real one with amr pwd+otp', async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);

      const missing = await reauthenticate(t.http, tokens.accessToken, user.password).expect(401);
      expect(missing.body.error).toBe('mfa_required');
      const wrongCode = (Number(await totpCode(secret, usedStep + 1)) + 1) % 1_000_000;
      const wrong = await reauthenticate(t.http, tokens.accessToken, user.password, String(wrongCode).padStart(6, '0')).expect(401);
      expect(wrong.body.error).toBe('invalid_credentials');

      const response = await reauthenticate(t.http, tokens.accessToken, user.password, await totpCode(secret, usedStep + 1)).expect(200);
      expect(decodeJwt(response.body.accessToken)).toMatchObject({ authType: 'credentials', amr: ['pwd', 'otp'], sid: decodeJwt(tokens.accessToken).sid });
    });

    it('refuses the right password with a code that was already used', async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);
      const replayed = await reauthenticate(t.http, tokens.accessToken, user.password, await totpCode(secret, usedStep)).expect(401);
      expect(replayed.body.error).toBe('invalid_credentials');
    });
  });
});
