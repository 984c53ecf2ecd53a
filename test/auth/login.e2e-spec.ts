import argon2 from 'argon2';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { bearer, decodeJwt, decodeJwtHeader, errorBody, login, registerUser, type TestUser, uniqueEmail } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const now = () => Math.floor(Date.now() / 1000);

/** The cost parameters of a PHC-format argon2 hash (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`). */
const argon2Params = (hash: string) =>
  Object.fromEntries(hash.split('$')[3]!.split(',').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]));

/** Headers that legitimately differ between two otherwise identical answers. */
const VARYING_HEADERS = new Set(['x-request-id', 'date']);
const stableHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING_HEADERS.has(name.toLowerCase())));

describe('Login (e2e)', () => {
  const t = useTestApp();
  let user: TestUser;

  beforeAll(async () => {
    user = await registerUser(t.http);
  });

  it('answers a token pair of exactly the documented shape, never cached', async () => {
    const response = await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      expiresIn: t.config.jwt.accessTtl,
      refreshToken: expect.any(String),
      refreshExpiresIn: expect.any(Number),
      secureUntil: expect.any(Number),
    });
    expect(response.body.refreshExpiresIn).toBeGreaterThan(t.config.jwt.refreshTtl - 5);
    expect(response.body.refreshExpiresIn).toBeLessThanOrEqual(t.config.jwt.refreshTtl);
  });

  it('mints an at+jwt access token with the credential-login claims', async () => {
    const before = now();
    const tokens = await login(t.http, user);
    const header = decodeJwtHeader(tokens.accessToken);
    const claims = decodeJwt(tokens.accessToken);
    expect(header.typ).toBe('at+jwt');
    expect(claims).toEqual({
      iss: t.config.jwt.issuer,
      aud: t.config.jwt.audience,
      sub: user.id,
      sid: expect.stringMatching(UUID),
      jti: expect.stringMatching(UUID),
      iat: expect.any(Number),
      exp: expect.any(Number),
      auth_time: expect.any(Number),
      amr: ['pwd'],
      authType: 'credentials',
      isSecure: true,
      secureUntil: expect.any(Number),
    });
    const { iat, exp, auth_time, secureUntil } = claims as Record<string, number>;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(now());
    expect(exp).toBe(iat + t.config.jwt.accessTtl);
    expect(Math.abs(auth_time - iat)).toBeLessThanOrEqual(1);
    expect(secureUntil).toBe(iat + 300);
    expect(Math.abs(secureUntil - (now() + 300))).toBeLessThanOrEqual(2);
    expect(tokens.secureUntil).toBe(secureUntil);

    // The app accepts what it minted.
    await t.http().get('/auth/me').set(...bearer(tokens.accessToken)).expect(200);
  });

  it('mints an rt+jwt refresh token bound to the same session', async () => {
    const tokens = await login(t.http, user);
    expect(decodeJwtHeader(tokens.refreshToken).typ).toBe('rt+jwt');
    const refreshClaims = decodeJwt(tokens.refreshToken);
    expect(refreshClaims).toMatchObject({
      iss: t.config.jwt.issuer,
      aud: t.config.jwt.refreshAudience,
      sub: user.id,
      sid: decodeJwt(tokens.accessToken).sid,
      jti: expect.stringMatching(UUID),
    });
    expect(refreshClaims.aud).not.toBe(t.config.jwt.audience);
  });

  it('starts a new session for every login', async () => {
    const first = await login(t.http, user);
    const second = await login(t.http, user);
    expect(decodeJwt(first.accessToken).sid).not.toBe(decodeJwt(second.accessToken).sid);
  });

  it('accepts the email in another letter case and with surrounding spaces', async () => {
    await login(t.http, { email: `  ${user.email.toUpperCase()} `, password: user.password });
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const unknown = await t.http().post('/auth/login').send({ email: uniqueEmail('nobody'), password: user.password });
    const wrong = await t.http().post('/auth/login').send({ email: user.email, password: `${user.password}x` });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(errorBody(401, 'invalid_credentials'));
    expect(wrong.text).toBe(unknown.text);
    expect(stableHeaders(wrong.headers)).toEqual(stableHeaders(unknown.headers));
  });

  it('refuses a malformed login body with a 400, never a 401 or a 500', async () => {
    for (const body of [{}, { email: user.email }, { email: 'not-an-email', password: 'x' }, { email: user.email, password: '' }]) {
      const response = await t.http().post('/auth/login').send(body).expect(400);
      expect(response.body).toEqual({ ...errorBody(400, 'validation_failed'), details: expect.any(Array) });
    }
  });

  it('rehashes a stored hash made with weaker argon2 parameters', async () => {
    const prisma = t.app.get(PrismaService);
    const weak = await registerUser(t.http);
    const weakHash = await argon2.hash(weak.password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await prisma.user.update({ where: { id: weak.id }, data: { passwordHash: weakHash } });

    await login(t.http, weak);

    const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: weak.id }, select: { passwordHash: true } });
    expect(passwordHash).not.toBe(weakHash);
    expect(passwordHash).toMatch(/^\$argon2id\$/);
    expect(argon2Params(passwordHash)).toEqual({ m: 19456, t: 2, p: 1 });
    expect(argon2Params(weakHash)).toEqual({ m: 4096, t: 1, p: 1 });
    expect(await argon2.verify(passwordHash, weak.password)).toBe(true);
    // The new hash keeps working.
    await login(t.http, weak);
  });
});
