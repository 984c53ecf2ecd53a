import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Response } from 'supertest';
import { AccessTokenKeys } from '../../src/auth/keys/access-token-keys.js';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { decodeJwt, login, registerUser, sleep, type TokenPairBody } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';
import { b64json, b64url, flippedSignatureBit, jws, nonCanonical, sha256Base64url, type Signer, signers, unsigned } from './support/jws.js';

// Every hostile token is refused with exactly the answer a plainly garbage token gets: same status,
// same body bytes, same WWW-Authenticate. Nothing tells the caller which check failed.

const now = () => Math.floor(Date.now() / 1000);
const NONE_CASINGS = ['none', 'None', 'NONE', 'nOnE'];
const INJECTED_KIDS: unknown[] = ['../../etc/passwd', '../../../../../../dev/null', "' OR 1=1 --", '"; DROP TABLE "User"; --', 'x'.repeat(4096), '', 0, { $ne: null }];

interface Answer {
  status: number;
  challenge: string | undefined;
  body: string;
}
const answerOf = (response: Response): Answer => ({
  status: response.status,
  challenge: response.headers['www-authenticate'],
  body: response.text,
});

const attacker = {
  ed25519: generateKeyPairSync('ed25519'),
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  secret: randomBytes(32),
};

/** A key server the attacker controls; a verifier that follows `jku`/`x5u` would show up in `hits`. */
async function startKeyServer(): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const jwk = { ...(attacker.ed25519.publicKey.export({ format: 'jwk' }) as object), kid: 'attacker', alg: 'EdDSA', use: 'sig' };
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url?.startsWith('/jwks.json')) response.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] }));
    else response.setHeader('content-type', 'application/pem-certificate-chain').end('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, hits, server };
}

describe('Hostile JWTs against GET /auth/me and POST /auth/token (e2e)', () => {
  const t = useTestApp();
  let tokens: TokenPairBody;
  let accessClaims: Record<string, unknown>;
  let refreshClaims: Record<string, unknown>;
  let signing: { kid: string; key: KeyObject };
  let publishedJwk: Record<string, string>;
  let keyServer: Awaited<ReturnType<typeof startKeyServer>>;
  let refusedAccess: Answer;
  let refusedRefresh: Answer;

  beforeAll(async () => {
    tokens = await login(t.http, await registerUser(t.http));
    accessClaims = decodeJwt(tokens.accessToken);
    refreshClaims = decodeJwt(tokens.refreshToken);
    signing = t.app.get(AccessTokenKeys).signing!;
    const jwks = await t.http().get('/.well-known/jwks.json').expect(200);
    publishedJwk = jwks.body.keys.find((key: { kid: string }) => key.kid === signing.kid);
    keyServer = await startKeyServer();
    refusedAccess = answerOf(await me('garbage'));
    refusedRefresh = answerOf(await exchange('garbage'));
  });
  afterAll(async () => {
    keyServer.server.close();
  });

  const me = (token: string) => t.http().get('/auth/me').set('Authorization', `Bearer ${token}`);
  const exchange = (token: string) => t.http().post('/auth/token').send({ refreshToken: token });

  /** An access token signed with the app's real signing key: only what the test changes is wrong. */
  const accessToken = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signer: Signer = signers.eddsa(signing.key)) =>
    jws({ alg: 'EdDSA', typ: 'at+jwt', kid: signing.kid, ...header }, { ...accessClaims, jti: randomUUID(), ...claims }, signer);

  /** A refresh token for the test's session, signed with the real refresh secret unless `signer` says otherwise. */
  function refreshToken(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signer?: Signer) {
    const jti = randomUUID();
    const token = jws(
      { alg: 'HS256', typ: 'rt+jwt', ...header },
      { ...refreshClaims, jti, iat: now(), exp: now() + 3600, ...claims },
      signer ?? signers.hs256(t.config.jwt.refreshSecret),
    );
    return { token, jti };
  }

  /**
   * Stores a live row for exactly this token string (the server keeps a hash of each refresh token it
   * issued), so the database lookup cannot hide a verification hole: only signature and claim checks
   * stand between the token and a new token pair.
   */
  async function plant(token: string, jti: string): Promise<void> {
    await t.app.get(PrismaService).refreshToken.create({
      data: {
        id: jti,
        sessionId: refreshClaims.sid as string,
        tokenHash: sha256Base64url(token),
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
  }

  async function expectAccessRefused(token: string): Promise<void> {
    expect({ token, answer: answerOf(await me(token)) }).toEqual({ token, answer: refusedAccess });
  }

  async function expectRefreshRefused(token: string, jti?: string): Promise<void> {
    if (jti) await plant(token, jti);
    expect({ token, answer: answerOf(await exchange(token)) }).toEqual({ token, answer: refusedRefresh });
  }

  describe('the reference answers', () => {
    it('answers a garbage access token with a bare invalid_token 401 and the RFC 6750 challenge', () => {
      expect(refusedAccess.status).toBe(401);
      expect(refusedAccess.challenge).toMatch(/^Bearer realm="keystep", error="invalid_token", error_description="[^"]+"$/);
      expect(JSON.parse(refusedAccess.body)).toEqual({ statusCode: 401, error: 'invalid_token', message: expect.any(String) });
    });

    it('answers a garbage refresh token with a bare invalid_grant 401 and the RFC 6750 challenge', () => {
      expect(refusedRefresh.status).toBe(401);
      expect(refusedRefresh.challenge).toMatch(/^Bearer realm="keystep", error="invalid_token", error_description="[^"]+"$/);
      expect(JSON.parse(refusedRefresh.body)).toEqual({ statusCode: 401, error: 'invalid_grant', message: expect.any(String) });
    });

    it('accepts an access token the test signs with the real key (the forging helper is sound)', async () => {
      await me(accessToken()).expect(200);
    });

    it('accepts a refresh token the test signs with the real secret once its row exists (planting is sound)', async () => {
      const { token, jti } = refreshToken();
      await plant(token, jti);
      await exchange(token).expect(200);
    });
  });

  describe('access tokens on GET /auth/me', () => {
    it('refuses alg none in every casing, with and without a signature', async () => {
      const realSignature = accessToken().split('.')[2]!;
      for (const alg of NONE_CASINGS) {
        const bare = unsigned({ alg, typ: 'at+jwt', kid: signing.kid }, { ...accessClaims, jti: randomUUID() });
        await expectAccessRefused(bare);
        await expectAccessRefused(`${bare}${realSignature}`);
        await expectAccessRefused(`${bare}${b64url('signature')}`);
      }
    });

    it("refuses HS256 keyed with the public key's PEM, JWK or raw bytes (key confusion)", async () => {
      const publicKey = createPublicKey(signing.key);
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const secrets: Array<string | Buffer> = [
        pem,
        pem.trim(),
        publicKey.export({ type: 'spki', format: 'der' }),
        JSON.stringify(publishedJwk),
        JSON.stringify({ crv: publishedJwk.crv, kty: publishedJwk.kty, x: publishedJwk.x }),
        Buffer.from(publishedJwk.x!, 'base64url'),
        publishedJwk.x!,
      ];
      for (const secret of secrets) {
        await expectAccessRefused(accessToken({}, { alg: 'HS256' }, signers.hs256(secret)));
        await expectAccessRefused(accessToken({}, { alg: 'HS256', kid: undefined }, signers.hs256(secret)));
      }
    });

    it("refuses RS256 and ES256 tokens signed with an attacker's keys", async () => {
      for (const kid of [signing.kid, 'attacker', undefined]) {
        await expectAccessRefused(accessToken({}, { alg: 'RS256', kid }, signers.rs256(attacker.rsa.privateKey)));
        await expectAccessRefused(accessToken({}, { alg: 'ES256', kid }, signers.es256(attacker.ec.privateKey)));
      }
    });

    it("refuses a token that carries the attacker's key in an embedded jwk header", async () => {
      const jwk = attacker.ed25519.publicKey.export({ format: 'jwk' });
      for (const kid of [signing.kid, undefined]) {
        await expectAccessRefused(accessToken({}, { kid, jwk }, signers.eddsa(attacker.ed25519.privateKey)));
      }
      const rsaJwk = attacker.rsa.publicKey.export({ format: 'jwk' });
      await expectAccessRefused(accessToken({}, { alg: 'RS256', kid: undefined, jwk: rsaJwk }, signers.rs256(attacker.rsa.privateKey)));
    });

    it('refuses jku and x5u headers without ever fetching them', async () => {
      const own = signers.eddsa(attacker.ed25519.privateKey);
      for (const kid of ['attacker', signing.kid]) {
        await expectAccessRefused(accessToken({}, { kid, jku: `${keyServer.url}/jwks.json?access` }, own));
        await expectAccessRefused(accessToken({}, { kid, x5u: `${keyServer.url}/cert.pem?access` }, own));
      }
      await sleep(300);
      expect(keyServer.hits.filter((url) => url.endsWith('access'))).toEqual([]);
    });

    it('refuses injected kid values, whatever key signed the token', async () => {
      for (const kid of INJECTED_KIDS) {
        await expectAccessRefused(accessToken({}, { kid }));
        await expectAccessRefused(accessToken({}, { kid, alg: 'HS256' }, signers.hs256('')));
        await expectAccessRefused(accessToken({}, { kid, alg: 'HS256' }, signers.hs256(String(kid))));
      }
    });

    it('refuses a token naming a published kid but signed by another key', async () => {
      await expectAccessRefused(accessToken({}, { kid: signing.kid }, signers.eddsa(attacker.ed25519.privateKey)));
    });

    it('refuses an unknown critical header (crit: ["exp2"])', async () => {
      await expectAccessRefused(accessToken({}, { crit: ['exp2'], exp2: now() + 600 }));
    });

    it('refuses base64 padding on any segment', async () => {
      const [header, payload, signature] = accessToken().split('.') as [string, string, string];
      for (const pad of ['=', '==']) {
        await expectAccessRefused(`${header}${pad}.${payload}.${signature}`);
        await expectAccessRefused(`${header}.${payload}${pad}.${signature}`);
        await expectAccessRefused(`${header}.${payload}.${signature}${pad}`);
      }
    });

    it('refuses standard-base64 "+" and "/" in place of "-" and "_"', async () => {
      let token = accessToken();
      while (!/[-_]/.test(token)) token = accessToken();
      await expectAccessRefused(token.replace(/-/g, '+').replace(/_/g, '/'));
    });

    it('refuses a non-canonical spelling of the same signature, header or payload bytes', async () => {
      const [header, payload, signature] = accessToken().split('.') as [string, string, string];
      await expectAccessRefused(`${header}.${payload}.${nonCanonical(signature)}`);
      if (header.length % 4 !== 0) await expectAccessRefused(`${nonCanonical(header)}.${payload}.${signature}`);
      if (payload.length % 4 !== 0) await expectAccessRefused(`${header}.${nonCanonical(payload)}.${signature}`);
    });

    it('refuses a signature with one flipped bit', async () => {
      await expectAccessRefused(flippedSignatureBit(accessToken()));
    });

    it('refuses extra and empty segments', async () => {
      const token = accessToken();
      const [header, payload, signature] = token.split('.') as [string, string, string];
      for (const malformed of [
        `${token}.`,
        `${token}.${signature}`,
        `${header}.${payload}.${signature}.${b64json({})}.${signature}`,
        `${header}..${signature}`,
        `.${payload}.${signature}`,
        `${header}.${payload}.`,
        `${header}.${payload}`,
        '..',
        '.',
      ]) {
        await expectAccessRefused(malformed);
      }
    });

    it('refuses whitespace inside a token', async () => {
      const [header, payload, signature] = accessToken().split('.') as [string, string, string];
      await expectAccessRefused(`${header}. ${payload}.${signature}`);
      await expectAccessRefused(`${header}.${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`);
      await expectAccessRefused(`${header}.${payload}\t.${signature}`);
    });

    it('refuses correctly signed payloads that are not JSON objects', async () => {
      const header = { alg: 'EdDSA', typ: 'at+jwt', kid: signing.kid };
      for (const payload of [[], [{ ...accessClaims, jti: randomUUID() }], 42, 'sub', null, true]) {
        await expectAccessRefused(jws(header, payload, signers.eddsa(signing.key)));
      }
    });

    it('refuses a correctly signed token without exp', async () => {
      await expectAccessRefused(accessToken({ exp: undefined }));
    });

    it('refuses an nbf in the future beyond the clock leeway', async () => {
      await expectAccessRefused(accessToken({ nbf: now() + 60 }));
    });

    it('accepts an nbf in the future within the clock leeway', async () => {
      await me(accessToken({ nbf: now() + 2 })).expect(200);
    });

    it('refuses an iat in the future beyond the clock leeway', async () => {
      await expectAccessRefused(accessToken({ iat: now() + 60 }));
    });

    it('accepts an iat in the future within the clock leeway', async () => {
      await me(accessToken({ iat: now() + 2 })).expect(200);
    });

    it('refuses a refresh token presented as an access token', async () => {
      await expectAccessRefused(tokens.refreshToken);
    });

    it('refuses a correctly signed token typed JWT (or untyped, or rt+jwt) instead of at+jwt', async () => {
      await expectAccessRefused(accessToken({}, { typ: 'JWT' }));
      await expectAccessRefused(accessToken({}, { typ: undefined }));
      await expectAccessRefused(accessToken({}, { typ: 'rt+jwt' }));
    });
  });

  describe('refresh tokens on POST /auth/token (each with a live row for its exact string)', () => {
    it('refuses alg none in every casing, with and without a signature', async () => {
      for (const alg of NONE_CASINGS) {
        const jti = randomUUID();
        const bare = unsigned({ alg, typ: 'rt+jwt' }, { ...refreshClaims, jti, iat: now(), exp: now() + 3600 });
        await expectRefreshRefused(bare, jti);
        const signed = refreshToken({}, { alg });
        await expectRefreshRefused(signed.token, signed.jti);
      }
    });

    it("refuses HS256 keyed with the access-token public key's PEM or JWK (key confusion)", async () => {
      const pem = createPublicKey(signing.key).export({ type: 'spki', format: 'pem' }).toString();
      for (const secret of [pem, JSON.stringify(publishedJwk), Buffer.from(publishedJwk.x!, 'base64url')]) {
        const { token, jti } = refreshToken({}, {}, signers.hs256(secret));
        await expectRefreshRefused(token, jti);
      }
    });

    it("refuses RS256, ES256 and EdDSA tokens, even one signed with the access-token key", async () => {
      for (const [alg, signer] of [
        ['RS256', signers.rs256(attacker.rsa.privateKey)],
        ['ES256', signers.es256(attacker.ec.privateKey)],
        ['EdDSA', signers.eddsa(attacker.ed25519.privateKey)],
        ['EdDSA', signers.eddsa(signing.key)],
      ] as const) {
        const { token, jti } = refreshToken({}, { alg }, signer);
        await expectRefreshRefused(token, jti);
      }
    });

    it("refuses a token that carries the attacker's key in an embedded jwk header", async () => {
      const octJwk = { kty: 'oct', k: b64url(attacker.secret) };
      const hs = refreshToken({}, { jwk: octJwk }, signers.hs256(attacker.secret));
      await expectRefreshRefused(hs.token, hs.jti);
      const ed = refreshToken({}, { alg: 'EdDSA', jwk: attacker.ed25519.publicKey.export({ format: 'jwk' }) }, signers.eddsa(attacker.ed25519.privateKey));
      await expectRefreshRefused(ed.token, ed.jti);
    });

    it('refuses jku and x5u headers without ever fetching them', async () => {
      const own = signers.eddsa(attacker.ed25519.privateKey);
      for (const header of [
        { alg: 'EdDSA', kid: 'attacker', jku: `${keyServer.url}/jwks.json?refresh` },
        { alg: 'EdDSA', kid: 'attacker', x5u: `${keyServer.url}/cert.pem?refresh` },
      ]) {
        const { token, jti } = refreshToken({}, header, own);
        await expectRefreshRefused(token, jti);
      }
      await sleep(300);
      expect(keyServer.hits.filter((url) => url.endsWith('refresh'))).toEqual([]);
    });

    it('refuses injected kid values on tokens signed with guessable secrets', async () => {
      // The refresh key is one secret, never chosen by kid; these are the classic kid tricks
      // (a path to an empty file, an SQL result the attacker controls).
      for (const kid of INJECTED_KIDS) {
        for (const secret of ['', 'null', '1', String(kid)]) {
          const { token, jti } = refreshToken({}, { kid }, signers.hs256(secret));
          await expectRefreshRefused(token, jti);
        }
      }
    });

    it('refuses a token naming the published access-token kid but signed by another key', async () => {
      const { token, jti } = refreshToken({}, { alg: 'EdDSA', kid: signing.kid }, signers.eddsa(attacker.ed25519.privateKey));
      await expectRefreshRefused(token, jti);
    });

    it('refuses an unknown critical header (crit: ["exp2"]), even correctly signed', async () => {
      const { token, jti } = refreshToken({}, { crit: ['exp2'], exp2: now() + 600 });
      await expectRefreshRefused(token, jti);
    });

    it('refuses base64 padding, standard-base64 characters and non-canonical spellings', async () => {
      const variants: Array<(token: string) => string> = [
        (token) => `${token}=`,
        (token) => `${token}==`,
        (token) => token.replace('.', '=.'),
        (token) => {
          const [header, payload, signature] = token.split('.') as [string, string, string];
          return `${header}.${payload}.${nonCanonical(signature)}`;
        },
      ];
      for (const variant of variants) {
        const { token, jti } = refreshToken();
        await expectRefreshRefused(variant(token), jti);
      }
      let standard = refreshToken();
      while (!/[-_]/.test(standard.token)) standard = refreshToken();
      await expectRefreshRefused(standard.token.replace(/-/g, '+').replace(/_/g, '/'), standard.jti);
    });

    it('refuses a signature with one flipped bit', async () => {
      const { token, jti } = refreshToken();
      await expectRefreshRefused(flippedSignatureBit(token), jti);
    });

    it('refuses extra and empty segments', async () => {
      const variants: Array<(token: string) => string> = [
        (token) => `${token}.`,
        (token) => `${token}.${token.split('.')[2]}`,
        (token) => token.replace(/\.[^.]+\./, '..'),
        (token) => token.slice(token.indexOf('.')),
        (token) => token.slice(0, token.lastIndexOf('.') + 1),
        (token) => token.slice(0, token.lastIndexOf('.')),
      ];
      for (const variant of variants) {
        const { token, jti } = refreshToken();
        await expectRefreshRefused(variant(token), jti);
      }
    });

    it('refuses whitespace around or inside a token', async () => {
      const variants: Array<(token: string) => string> = [
        (token) => ` ${token}`,
        (token) => `${token} `,
        (token) => `${token}\n`,
        (token) => token.replace('.', '. '),
        (token) => token.replace('.', '\t.'),
      ];
      for (const variant of variants) {
        const { token, jti } = refreshToken();
        await expectRefreshRefused(variant(token), jti);
      }
    });

    it('refuses correctly signed payloads that are not JSON objects', async () => {
      for (const payload of [[], [{ ...refreshClaims, jti: randomUUID() }], 42, 'sub', null, true]) {
        await expectRefreshRefused(jws({ alg: 'HS256', typ: 'rt+jwt' }, payload, signers.hs256(t.config.jwt.refreshSecret)));
      }
    });

    it('refuses a correctly signed token without exp', async () => {
      const { token, jti } = refreshToken({ exp: undefined });
      await expectRefreshRefused(token, jti);
    });

    it('refuses an nbf in the future beyond the clock leeway', async () => {
      const { token, jti } = refreshToken({ nbf: now() + 60 });
      await expectRefreshRefused(token, jti);
    });

    it('accepts an nbf in the future within the clock leeway', async () => {
      const { token, jti } = refreshToken({ nbf: now() + 2 });
      await plant(token, jti);
      await exchange(token).expect(200);
    });

    it('refuses an iat in the future beyond the clock leeway', async () => {
      const { token, jti } = refreshToken({ iat: now() + 60 });
      await expectRefreshRefused(token, jti);
    });

    it('accepts an iat in the future within the clock leeway', async () => {
      const { token, jti } = refreshToken({ iat: now() + 2 });
      await plant(token, jti);
      await exchange(token).expect(200);
    });

    it('refuses an access token presented as a refresh token', async () => {
      const access = accessToken();
      await expectRefreshRefused(access, decodeJwt(access).jti as string);
    });

    it('refuses a correctly signed token typed JWT (or untyped, or at+jwt) instead of rt+jwt', async () => {
      for (const typ of ['JWT', undefined, 'at+jwt']) {
        const { token, jti } = refreshToken({}, { typ });
        await expectRefreshRefused(token, jti);
      }
    });
  });
});
