import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { decodeJwt, decodeJwtHeader, errorBody, login, registerUser, type TestUser, type TokenPairBody } from '../support/factories.js';
import { type TestApp, useTestApp } from '../support/test-app.js';

const now = () => Math.floor(Date.now() / 1000);
const INVALID_TOKEN = /^Bearer realm="keystep", error="invalid_token", error_description="[^"]+"$/;
const base64url = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');

/** Signs an access token with the app's own signing key, so only the claims or header under test are wrong. */
type Signer = (claims: Record<string, unknown>, header?: Record<string, unknown>) => Promise<string>;

interface Mode {
  name: string;
  env: Record<string, string>;
  signer: (t: TestApp, realHeader: Record<string, unknown>) => Signer;
  /** A token under another algorithm, keyed with material the server holds (the classic confusion attack). */
  confused: (t: TestApp, claims: Record<string, unknown>, realHeader: Record<string, unknown>) => Promise<string>;
}

const modes: Mode[] = [
  {
    // The default: EdDSA with the run's private key (test/setup/test-env.ts), found by the token's kid.
    name: 'EdDSA access tokens',
    env: {},
    signer: (_t, realHeader) => (claims, header = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ ...realHeader, ...header } as { alg: string })
        .sign(createPrivateKey(process.env.JWT_PRIVATE_KEYS!)),
    // HS256 keyed with the public key, which anyone can fetch from the JWKS.
    confused: (_t, claims, realHeader) => {
      const publicPem = createPublicKey(createPrivateKey(process.env.JWT_PRIVATE_KEYS!)).export({ type: 'spki', format: 'pem' }).toString();
      return new SignJWT(claims).setProtectedHeader({ ...realHeader, alg: 'HS256' }).sign(new TextEncoder().encode(publicPem));
    },
  },
  {
    name: 'HS256 access tokens',
    env: { ACCESS_TOKEN_ALGORITHM: 'HS256' },
    signer: (t, realHeader) => async (claims, header = {}) => {
      const { alg, ...rest } = { ...realHeader, ...header };
      return jwt.sign(claims, t.config.jwt.accessSecret, { algorithm: alg as jwt.Algorithm, header: { alg: alg as string, ...rest } });
    },
    // The right secret under another HMAC algorithm.
    confused: async (t, claims, realHeader) =>
      jwt.sign(claims, t.config.jwt.accessSecret, { algorithm: 'HS512', header: { ...realHeader, alg: 'HS512' } }),
  },
];

describe.each(modes)('Bearer verification on GET /auth/me with $name (e2e)', ({ env, signer, confused }) => {
  const t = useTestApp(env);
  let user: TestUser;
  let tokens: TokenPairBody;
  let claims: Record<string, unknown>;
  let sign: Signer;

  beforeAll(async () => {
    user = await registerUser(t.http);
    tokens = await login(t.http, user);
    claims = decodeJwt(tokens.accessToken);
    sign = signer(t, decodeJwtHeader(tokens.accessToken));
  });

  const me = (authorization?: string) => {
    const request = t.http().get('/auth/me');
    return authorization === undefined ? request : request.set('Authorization', authorization);
  };

  async function expectInvalidToken(token: string): Promise<void> {
    const response = await me(`Bearer ${token}`).expect(401);
    expect(response.headers['www-authenticate']).toMatch(INVALID_TOKEN);
    expect(response.body).toEqual(errorBody(401, 'invalid_token'));
  }

  it('returns exactly the verified claims', async () => {
    const response = await me(`Bearer ${tokens.accessToken}`).expect(200);
    expect(response.body).toEqual({
      sub: user.id,
      sid: claims.sid,
      authType: 'credentials',
      isSecure: true,
      secureUntil: claims.secureUntil,
      auth_time: claims.auth_time,
      amr: ['pwd'],
      exp: claims.exp,
    });
  });

  it('accepts a token it signed itself with the valid claims (the forging helper is sound)', async () => {
    await me(`Bearer ${await sign({ ...claims, jti: randomUUID() })}`).expect(200);
  });

  it('answers a request without a token with exactly the bare realm challenge', async () => {
    const response = await me().expect(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    expect(response.body).toEqual(errorBody(401, 'unauthorized'));
  });

  it('refuses a refresh token used as a Bearer token', async () => {
    await expectInvalidToken(tokens.refreshToken);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = { ...decodeJwtHeader(tokens.accessToken), alg: 'none' };
    await expectInvalidToken(`${base64url(header)}.${base64url(claims)}.`);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = tokens.accessToken.split('.');
    const tampered = { ...claims, sub: randomUUID() };
    await expectInvalidToken(`${header}.${base64url(tampered)}.${signature}`);
  });

  it('refuses a token whose header was changed after signing', async () => {
    const [, payload, signature] = tokens.accessToken.split('.');
    const header = { ...decodeJwtHeader(tokens.accessToken), typ: 'JWT' };
    await expectInvalidToken(`${base64url(header)}.${payload}.${signature}`);
  });

  it('refuses an expired token', async () => {
    await expectInvalidToken(await sign({ ...claims, iat: now() - 3600, exp: now() - 60 }));
  });

  it('refuses a token from another issuer', async () => {
    await expectInvalidToken(await sign({ ...claims, iss: 'https://evil.example.com' }));
  });

  it('refuses a token for another audience', async () => {
    await expectInvalidToken(await sign({ ...claims, aud: t.config.jwt.refreshAudience }));
  });

  it('refuses a correctly signed token that is not typed at+jwt', async () => {
    await expectInvalidToken(await sign(claims, { typ: 'JWT' }));
    await expectInvalidToken(await sign(claims, { typ: 'rt+jwt' }));
  });

  it('refuses a correctly signed token without the trust claims', async () => {
    const { authType: _authType, isSecure: _isSecure, ...rest } = claims;
    await expectInvalidToken(await sign(rest));
  });

  it('refuses a token signed with another key', async () => {
    const other = jwt.sign(claims, 'another-secret-of-at-least-thirty-two-bytes', { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt' } });
    await expectInvalidToken(other);
  });

  it('refuses garbage', async () => {
    await expectInvalidToken('not-a-jwt');
    await expectInvalidToken('a.b.c');
  });

  it('refuses a token under another algorithm than the configured one (algorithm confusion)', async () => {
    await expectInvalidToken(await confused(t, claims, decodeJwtHeader(tokens.accessToken)));
  });
});
