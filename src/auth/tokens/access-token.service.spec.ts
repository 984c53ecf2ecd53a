import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createPublicKey, createSecretKey, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';
import { validateConfig } from '../../config/validate-config.js';
import { AccessTokenKeys } from '../keys/access-token-keys.js';
import { type AsymmetricAlgorithm, generatePrivateKey } from '../keys/signing-algorithm.js';
import { AccessTokenService } from './access-token.service.js';

const secret = () => randomBytes(48).toString('base64url');

function configFor(algorithm: AsymmetricAlgorithm | 'HS256'): { config: AppConfig; verifyKey: KeyObject } {
  const common = {
    NODE_ENV: 'test',
    ACCESS_TOKEN_SECRET: secret(),
    REFRESH_TOKEN_SECRET: secret(),
    TOTP_ENCRYPTION_KEY: secret(),
    ACCESS_TOKEN_TTL: '15m',
    STEP_UP_WINDOW: '5m',
    ACCESS_TOKEN_ALGORITHM: algorithm,
  };
  if (algorithm === 'HS256') {
    const config = validateConfig(common);
    return { config, verifyKey: createSecretKey(Buffer.from(config.jwt.accessSecret, 'utf8')) };
  }
  const privateKey = generatePrivateKey(algorithm);
  const config = validateConfig({ ...common, JWT_PRIVATE_KEYS: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  return { config, verifyKey: createPublicKey(privateKey) };
}

const request = (authType: 'credentials' | 'refresh') => ({
  userId: randomUUID(),
  sessionId: randomUUID(),
  authTime: Math.floor(Date.now() / 1000) - 120,
  amr: ['pwd', 'otp'],
  authType,
});

describe.each(['EdDSA', 'ES256', 'RS256', 'HS256'] as const)('AccessTokenService with %s', (algorithm) => {
  let config: AppConfig;
  let verifyKey: KeyObject;
  let service: AccessTokenService;

  beforeAll(async () => {
    ({ config, verifyKey } = configFor(algorithm));
    service = new AccessTokenService(config, await AccessTokenKeys.load(config));
  });

  const verifyAccess = (token: string) =>
    jwtVerify(token, verifyKey, { algorithms: [algorithm], issuer: config.jwt.issuer, audience: config.jwt.audience, typ: 'at+jwt' });

  it(`signs a ${algorithm} JWT of type at+jwt with a kid, for the configured issuer and audience`, async () => {
    const { token } = await service.issue(request('credentials'));
    const { protectedHeader } = await verifyAccess(token);
    expect(protectedHeader).toEqual({ alg: algorithm, typ: 'at+jwt', kid: expect.any(String) });
  });

  it('carries the identity, session and login facts it was asked for', async () => {
    const asked = request('credentials');
    const before = Math.floor(Date.now() / 1000);
    const { token, claims } = await service.issue(asked);
    const { payload } = await verifyAccess(token);
    expect(payload).toEqual(claims);
    expect(payload).toMatchObject({
      iss: config.jwt.issuer,
      aud: config.jwt.audience,
      sub: asked.userId,
      sid: asked.sessionId,
      auth_time: asked.authTime,
      amr: ['pwd', 'otp'],
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp).toBe(payload.iat! + 15 * 60);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every token its own jti', async () => {
    const asked = request('refresh');
    const [one, two] = await Promise.all([service.issue(asked), service.issue(asked)]);
    expect(one.claims.jti).not.toBe(two.claims.jti);
  });

  it('marks a credential token secure until the end of the step-up window', async () => {
    const issued = await service.issue(request('credentials'));
    expect(issued.claims).toMatchObject({ authType: 'credentials', isSecure: true });
    expect(issued.claims.secureUntil).toBe(issued.claims.iat + 5 * 60);
    expect(issued.secureUntil).toBe(issued.claims.secureUntil);
    expect(issued.expiresIn).toBe(15 * 60);
  });

  it('never marks a refreshed token secure and leaves secureUntil out', async () => {
    const issued = await service.issue(request('refresh'));
    const { payload } = await verifyAccess(issued.token);
    expect(payload).toMatchObject({ authType: 'refresh', isSecure: false });
    expect(payload).not.toHaveProperty('secureUntil');
    expect(issued.secureUntil).toBeNull();
  });

  it('cannot be verified with the refresh secret', async () => {
    const { token } = await service.issue(request('credentials'));
    const refreshKey = createSecretKey(Buffer.from(config.jwt.refreshSecret, 'utf8'));
    expect(decodeProtectedHeader(token).alg).toBe(algorithm);
    await expect(jwtVerify(token, refreshKey, { algorithms: ['HS256'] })).rejects.toThrow();
  });
});

describe('AccessTokenService on the api role', () => {
  it('refuses to mint tokens without a signing key', async () => {
    const publicPem = createPublicKey(generatePrivateKey('EdDSA')).export({ type: 'spki', format: 'pem' }).toString();
    const apiConfig = validateConfig({ NODE_ENV: 'test', APP_ROLE: 'api', JWT_PUBLIC_KEYS: publicPem });
    const service = new AccessTokenService(apiConfig, await AccessTokenKeys.load(apiConfig));
    await expect(service.issue(request('credentials'))).rejects.toThrow(/signing key/);
  });
});
