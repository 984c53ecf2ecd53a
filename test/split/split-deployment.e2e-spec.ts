import { SignJWT } from 'jose';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotateKeys, writeNewKey } from '../../src/auth/keys/key-directory.js';
import { SECRET_NAMES } from '../../src/config/env.schema.js';
import { strongPassword, uniqueEmail } from '../support/factories.js';
import { get, json, post, randomSecret, type ServiceProcess, startService } from '../support/processes.js';

/** Counts the api processes' JWKS fetches on their way to the auth server. */
function startJwksProxy(target: () => string): Promise<{ url: string; fetches: () => number; close: () => void }> {
  let fetches = 0;
  const server: Server = createServer(async (request, response) => {
    fetches += 1;
    const upstream = await fetch(`${target()}/.well-known/jwks.json`);
    response.writeHead(upstream.status, { 'content-type': 'application/json' });
    response.end(await upstream.text());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/jwks.json`, fetches: () => fetches, close: () => server.close() });
    }),
  );
}

describe('Split deployment: auth and api processes on one database (e2e, real processes)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'keystep-split-'));
  const keysDir = join(workDir, 'keys');
  let auth1: ServiceProcess;
  let auth2: ServiceProcess;
  let api1: ServiceProcess;
  let api2: ServiceProcess;
  let proxy: Awaited<ReturnType<typeof startJwksProxy>>;
  let authEnv: Record<string, string>;
  let apiEnv: Record<string, string>;

  const common = () => ({
    NODE_ENV: 'production',
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_POOL_SIZE: '2',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000',
  });

  beforeAll(async () => {
    writeNewKey(keysDir, 'EdDSA', 'active');
    authEnv = {
      ...common(),
      APP_ROLE: 'auth',
      JWT_KEYS_DIR: keysDir,
      REFRESH_TOKEN_SECRET: randomSecret(),
      TOTP_ENCRYPTION_KEY: randomSecret(),
      REFRESH_REUSE_GRACE: '1s',
    };
    [auth1, auth2] = await Promise.all([startService(authEnv, workDir), startService(authEnv, workDir)]);
    proxy = await startJwksProxy(() => auth1.url);
    apiEnv = { ...common(), APP_ROLE: 'api', JWKS_URL: proxy.url, JWKS_COOLDOWN: '1s' };
    [api1, api2] = await Promise.all([startService(apiEnv, workDir), startService(apiEnv, workDir)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([auth1, auth2, api1, api2].filter(Boolean).map((service) => service.stop()));
    proxy?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function newUserTokens(on: ServiceProcess = auth1) {
    const credentials = { email: uniqueEmail('split'), password: strongPassword() };
    expect((await post(`${on.url}/auth/register`, credentials)).status).toBe(201);
    const login = await post(`${on.url}/auth/login`, credentials);
    expect(login.status).toBe(200);
    return json(login);
  }

  it('runs the api role with no private key and no secret in its environment', () => {
    const forbidden = [...SECRET_NAMES, 'JWT_PRIVATE_KEYS', 'JWT_KEYS_DIR'];
    for (const name of forbidden) expect(api1.env).not.toHaveProperty(name);
    expect(JSON.stringify(api1.env)).not.toContain('PRIVATE KEY');
  });

  it('logs in at the auth server and calls posts, payments and /auth/me at the app servers', async () => {
    const tokens = await newUserTokens();
    for (const api of [api1, api2]) {
      const me = await get(`${api.url}/auth/me`, tokens.accessToken);
      expect(me.status).toBe(200);
      expect((await json(me)).authType).toBe('credentials');
      expect((await post(`${api.url}/posts`, { title: 'split', body: 'hello' }, tokens.accessToken)).status).toBe(201);
    }
    const payment = await post(
      `${api1.url}/payments`,
      { amountMinor: 1250, currency: 'EUR', description: 'split deployment' },
      tokens.accessToken,
      { 'Idempotency-Key': randomUUID() },
    );
    expect(payment.status).toBe(201);
  });

  it('serves each role only its own routes, and documents only those', async () => {
    expect((await post(`${api1.url}/auth/login`, { email: 'a@example.com', password: 'whatever1' })).status).toBe(404);
    expect((await get(`${api1.url}/.well-known/jwks.json`)).status).toBe(404);
    expect((await get(`${auth1.url}/posts`)).status).toBe(404);
    const apiDoc = await json(await get(`${api1.url}/docs-json`));
    const authDoc = await json(await get(`${auth1.url}/docs-json`));
    expect(Object.keys(apiDoc.paths)).toEqual(expect.arrayContaining(['/posts', '/payments', '/auth/me', '/health']));
    expect(Object.keys(apiDoc.paths)).not.toContain('/auth/login');
    expect(Object.keys(authDoc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/token', '/.well-known/jwks.json', '/account']));
    expect(Object.keys(authDoc.paths)).not.toContain('/posts');
  });

  it('publishes only public keys with a kid in the JWKS', async () => {
    const jwks = await json(await get(`${auth1.url}/.well-known/jwks.json`));
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) });
      expect(key).not.toHaveProperty('d');
      expect(key.kty).not.toBe('oct');
    }
  });

  it('refuses a token with an unknown kid after a bounded number of JWKS fetches', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ sub: randomUUID(), sid: randomUUID(), jti: randomUUID(), auth_time: now, amr: ['pwd'], authType: 'credentials', isSecure: true, secureUntil: now + 300 })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: 'not-a-published-kid' })
      .setIssuer('keystep')
      .setAudience('keystep-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(stranger);
    const before = proxy.fetches();
    const answers = await Promise.all(Array.from({ length: 30 }, () => get(`${api1.url}/auth/me`, forged)));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    // At most one refetch per cooldown (1 s here) for the whole burst.
    expect(proxy.fetches() - before).toBeLessThanOrEqual(1);
  });

  it('keeps old tokens valid across a key rotation and accepts tokens of the new key after the JWKS refresh', async () => {
    const before = await newUserTokens();
    const oldKid = JSON.parse(Buffer.from(before.accessToken.split('.')[0], 'base64url').toString()).kid;
    expect((await get(`${api1.url}/auth/me`, before.accessToken)).status).toBe(200);

    rotateKeys(keysDir, 'EdDSA');
    await Promise.all([auth1.stop(), auth2.stop()]);
    [auth1, auth2] = await Promise.all([startService(authEnv, workDir), startService(authEnv, workDir)]);

    const after = await newUserTokens();
    const newKid = JSON.parse(Buffer.from(after.accessToken.split('.')[0], 'base64url').toString()).kid;
    expect(newKid).not.toBe(oldKid);
    const jwks = await json(await get(`${auth1.url}/.well-known/jwks.json`));
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

    await new Promise((r) => setTimeout(r, 1_100)); // past the api's JWKS cooldown
    expect((await get(`${api1.url}/auth/me`, after.accessToken)).status).toBe(200);
    expect((await get(`${api2.url}/auth/me`, after.accessToken)).status).toBe(200);
    expect((await get(`${api1.url}/auth/me`, before.accessToken)).status).toBe(200);
  }, 60_000);

  it('revokes a session everywhere when an old refresh token is replayed on another auth instance', async () => {
    const first = await newUserTokens(auth1);
    const rotated = await post(`${auth2.url}/auth/token`, { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const second = await json(rotated);

    await new Promise((r) => setTimeout(r, 1_200)); // past REFRESH_REUSE_GRACE
    expect((await post(`${auth1.url}/auth/token`, { refreshToken: first.refreshToken })).status).toBe(401);
    expect((await post(`${auth2.url}/auth/token`, { refreshToken: second.refreshToken })).status).toBe(401);

    // The login's high-trust access token has not expired, but step-up sees the revocation at once.
    for (const api of [api1, api2]) {
      const payment = await post(
        `${api.url}/payments`,
        { amountMinor: 100, currency: 'USD', description: 'after revocation' },
        first.accessToken,
        { 'Idempotency-Key': randomUUID() },
      );
      expect(payment.status).toBe(401);
      expect((await json(payment)).error).toBe('insufficient_user_authentication');
    }
  });
});
