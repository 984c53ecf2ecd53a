import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { bearer, login, registerUser, strongPassword, type TestUser, type TokenPairBody, uniqueEmail } from '../support/factories.js';
import { createTestApp, useTestApp } from '../support/test-app.js';
import { expectErrorShape, errorShapeProblem } from './support/error-shape.js';
import { rawRequest } from './support/raw-http.js';

const PASSWORD_MAX = 256;
const CONTROL_CHARACTER_EMAILS = [
  'ad\u0000a@example.com',
  'ada@example.com\u0000',
  'ad\u0007a@example.com',
  'ada@exam\u001fple.com',
  'ad\u007fa@example.com',
  '\u001b[31mada@example.com',
  'ada@example.com\r\nBcc: eve@example.com',
  'ad\u200ba@example.com',
];
/** Fields a client must never be able to set through a body. */
const MASS_ASSIGNMENT: Record<string, unknown> = { isAdmin: true, role: 'admin', twoFactorEnabled: true, userId: randomUUID() };

describe('Strict input handling (e2e)', () => {
  const t = useTestApp();
  let port: number;
  let prisma: PrismaService;
  let user: TestUser;
  let tokens: TokenPairBody;
  let postId: string;

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    prisma = t.app.get(PrismaService);
    user = await registerUser(t.http);
    tokens = await login(t.http, user);
    postId = (await t.http().post('/posts').set(...bearer(tokens.accessToken)).send({ title: 'mine', body: 'mine' }).expect(201)).body.id;
  });

  const auth = (request: Test) => request.set(...bearer(tokens.accessToken));

  describe('content types', () => {
    for (const [contentType, body] of [
      ['application/xml', '<login><email>EMAIL</email><password>secret-secret</password></login>'],
      ['text/plain', '{"email":"EMAIL","password":"secret-secret"}'],
      ['application/x-www-form-urlencoded', 'email=EMAIL&password=secret-secret'],
      ['multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\nEMAIL\r\n--XyZ--\r\n'],
    ] as const) {
      it(`refuses ${contentType.split(';')[0]} with 415 in the error shape`, async () => {
        const email = uniqueEmail('media');
        for (const request of [
          t.http().post('/auth/register'),
          t.http().post('/auth/login'),
          auth(t.http().post('/posts')),
        ]) {
          expectErrorShape(await request.set('Content-Type', contentType).send(body.replace('EMAIL', contentType.includes('urlencoded') ? encodeURIComponent(email) : email)), 415, 'unsupported_media_type');
        }
        expect(await prisma.user.count({ where: { email } })).toBe(0);
      });
    }

    it('answers every refused content type with the same body', async () => {
      const bodies = new Set<string>();
      for (const contentType of ['application/xml', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=XyZ']) {
        bodies.add((await t.http().post('/auth/login').set('Content-Type', contentType).send('email=x').expect(415)).text);
      }
      expect(bodies.size).toBe(1);
    });

    it('refuses a body without any Content-Type with 415', async () => {
      const answer = await rawRequest(port, 'POST /auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}');
      expect(answer.status).toBe(415);
      expect(errorShapeProblem(answer.status, answer.headers['content-type'], JSON.parse(answer.body))).toBeUndefined();
    });
  });

  describe('body size and kind', () => {
    it('refuses a body of BODY_LIMIT_BYTES + 1 with 413, and reads one of exactly the limit', async () => {
      const limit = t.config.bodyLimitBytes;
      expect(limit).toBe(16 * 1024);
      const sized = (bytes: number) => {
        const prefix = `{"email":"${uniqueEmail()}","password":"`;
        return `${prefix}${'p'.repeat(bytes - prefix.length - 2)}"}`;
      };
      expect(Buffer.byteLength(sized(limit + 1))).toBe(limit + 1);
      const tooLarge = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(sized(limit + 1));
      expectErrorShape(tooLarge, 413, 'payload_too_large');
      // At the limit the body is parsed and validated: the password is far too long.
      expectErrorShape(await t.http().post('/auth/login').set('Content-Type', 'application/json').send(sized(limit)), 400, 'validation_failed');
    });

    it('refuses an oversize chunked body (no Content-Length) with 413', async () => {
      const chunk = 'x'.repeat(4096);
      const chunks = Array.from({ length: 5 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
      const answer = await rawRequest(
        port,
        `POST /auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`,
      );
      expect(answer.status).toBe(413);
      expect(errorShapeProblem(answer.status, answer.headers['content-type'], JSON.parse(answer.body))).toBeUndefined();
    });

    for (const [kind, json] of [
      ['an array', '[{"email":"ada@example.com","password":"secret-secret"}]'],
      ['a number', '42'],
      ['a string', '"ada@example.com"'],
      ['null', 'null'],
      ['a boolean', 'true'],
    ] as const) {
      it(`refuses ${kind} as the body with 400 invalid_body`, async () => {
        for (const request of [
          t.http().post('/auth/register'),
          t.http().post('/auth/login'),
          t.http().post('/auth/token'),
          auth(t.http().post('/auth/reauthenticate')),
          auth(t.http().post('/posts')),
        ]) {
          expectErrorShape(await request.set('Content-Type', 'application/json').send(json), 400, 'invalid_body');
        }
      });
    }

    it('refuses prototype-pollution keys in a body and leaves Object.prototype alone', async () => {
      for (const json of [
        `{"email":"${uniqueEmail()}","password":"secret-secret","__proto__":{"polluted":true}}`,
        `{"email":"${uniqueEmail()}","password":"secret-secret","constructor":{"prototype":{"polluted":true}}}`,
      ]) {
        const answer = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(json);
        expectErrorShape(answer, 400);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('unknown fields (mass assignment)', () => {
    type Route = { body: () => Record<string, unknown>; send: (body: object) => Test };
    const post = (path: string, withToken = false) => (body: object) => (withToken ? auth(t.http().post(path)) : t.http().post(path)).send(body);
    const routes: Record<string, Route> = {
      'POST /auth/register': { body: () => ({ email: uniqueEmail('mass'), password: strongPassword() }), send: post('/auth/register') },
      'POST /auth/login': { body: () => ({ email: user.email, password: user.password }), send: post('/auth/login') },
      'POST /auth/token': { body: () => ({ refreshToken: tokens.refreshToken }), send: post('/auth/token') },
      'POST /auth/refresh': { body: () => ({ refreshToken: tokens.refreshToken }), send: post('/auth/refresh') },
      'POST /auth/logout': { body: () => ({ refreshToken: tokens.refreshToken }), send: post('/auth/logout') },
      'POST /auth/reauthenticate': { body: () => ({ password: user.password }), send: post('/auth/reauthenticate', true) },
      'POST /account/password': {
        body: () => ({ currentPassword: user.password, newPassword: strongPassword() }),
        send: post('/account/password', true),
      },
      'POST /account/2fa/enable': { body: () => ({ otp: '123456' }), send: post('/account/2fa/enable', true) },
      'POST /account/2fa/disable': { body: () => ({ otp: '123456' }), send: post('/account/2fa/disable', true) },
      'POST /posts': { body: () => ({ title: 'title', body: 'body' }), send: post('/posts', true) },
      'PATCH /posts/{id}': { body: () => ({ title: 'changed' }), send: (body) => auth(t.http().patch(`/posts/${postId}`)).send(body) },
      'POST /payments': {
        body: () => ({ amountMinor: 100, currency: 'EUR', description: 'mass assignment' }),
        send: (body) => auth(t.http().post('/payments')).set('Idempotency-Key', randomUUID()).send(body),
      },
    };

    it('covers every operation of the OpenAPI document that takes a body', async () => {
      const document = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
      const withBody = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.requestBody !== undefined)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(withBody.sort()).toEqual(Object.keys(routes).sort());
    });

    for (const [name, field] of Object.keys(routes).flatMap((name) => Object.keys(MASS_ASSIGNMENT).map((field) => [name, field] as const))) {
      it(`refuses ${name} with an extra "${field}" field`, async () => {
        const route = routes[name]!;
        const answer = await route.send({ ...route.body(), [field]: MASS_ASSIGNMENT[field] });
        expectErrorShape(answer, 400, 'validation_failed');
        expect(answer.body.details).toContain(`property ${field} should not exist`);
      });
    }

    it('changes nothing when a body is refused for an extra field', async () => {
      const email = uniqueEmail('mass');
      await t.http().post('/auth/register').send({ email, password: strongPassword(), isAdmin: true }).expect(400);
      expect(await prisma.user.count({ where: { email } })).toBe(0);
      await auth(t.http().patch(`/posts/${postId}`)).send({ title: 'changed', userId: randomUUID() }).expect(400);
      expect((await auth(t.http().get(`/posts/${postId}`)).expect(200)).body.title).toBe('mine');
      // Neither the refused refresh nor the refused logout spent or revoked the refresh token.
      await t.http().post('/auth/token').send({ refreshToken: tokens.refreshToken, isAdmin: true }).expect(400);
      await t.http().post('/auth/logout').send({ refreshToken: tokens.refreshToken, isAdmin: true }).expect(400);
      tokens = (await t.http().post('/auth/token').send({ refreshToken: tokens.refreshToken }).expect(200)).body;
    });
  });

  describe('password length and email characters', () => {
    const tooLong = 'p'.repeat(PASSWORD_MAX + 1);

    it('refuses a 257-character password on register, and creates nothing', async () => {
      for (const password of [tooLong, 'é'.repeat(PASSWORD_MAX + 1), '🔑'.repeat(PASSWORD_MAX + 1)]) {
        const email = uniqueEmail('long');
        expectErrorShape(await t.http().post('/auth/register').send({ email, password }), 400, 'validation_failed');
        expect(await prisma.user.count({ where: { email } })).toBe(0);
      }
    });

    it('accepts a 256-character password on register (the limit itself)', async () => {
      await t.http().post('/auth/register').send({ email: uniqueEmail('long'), password: `${'p'.repeat(PASSWORD_MAX - 8)}${randomUUID().slice(0, 8)}` }).expect(201);
    });

    it('refuses a 257-character password on login before any password check', async () => {
      const target = await registerUser(t.http);
      expectErrorShape(await t.http().post('/auth/login').send({ email: target.email, password: tooLong }), 400, 'validation_failed');
      // A checked password leaves a login_failed event and a failure count; a refused body leaves neither.
      expect(await prisma.securityEvent.count({ where: { userId: target.id } })).toBe(0);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).failedLoginCount).toBe(0);
    });

    it('refuses a 257-character password on reauthenticate before any password check', async () => {
      const target = await registerUser(t.http);
      const { accessToken } = await login(t.http, target);
      const eventsBefore = await prisma.securityEvent.count({ where: { userId: target.id } });
      const answer = await t.http().post('/auth/reauthenticate').set(...bearer(accessToken)).send({ password: tooLong });
      expectErrorShape(answer, 400, 'validation_failed');
      expect(await prisma.securityEvent.count({ where: { userId: target.id } })).toBe(eventsBefore);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).failedLoginCount).toBe(0);
    });

    it('refuses NUL and control characters in emails on register and login', async () => {
      for (const email of CONTROL_CHARACTER_EMAILS) {
        expectErrorShape(await t.http().post('/auth/register').send({ email, password: strongPassword() }), 400, 'validation_failed');
        expectErrorShape(await t.http().post('/auth/login').send({ email, password: 'secret-secret' }), 400, 'validation_failed');
      }
    });
  });

  describe('HTTP framing', () => {
    it('answers a 64 KiB header with 431 in the error shape', async () => {
      const answer = await rawRequest(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`);
      expect(answer.status).toBe(431);
      expect(errorShapeProblem(answer.status, answer.headers['content-type'], JSON.parse(answer.body))).toBeUndefined();
    });

    it('refuses a request with both Content-Length and Transfer-Encoding with 400 in the error shape', async () => {
      const answer = await rawRequest(
        port,
        'POST /auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 4\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      );
      expect(answer.status).toBe(400);
      expect(errorShapeProblem(answer.status, answer.headers['content-type'], JSON.parse(answer.body))).toBeUndefined();
    });
  });

  describe('response headers', () => {
    it("sends helmet's headers and no x-powered-by, on successes and on errors", async () => {
      for (const answer of [await t.http().get('/health').expect(200), await t.http().get('/auth/me').expect(401)]) {
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
        expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
        expect(answer.headers['content-security-policy']).toContain("object-src 'none'");
        expect(answer.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('sends no Access-Control-Allow-Origin by default, whatever the Origin', async () => {
      const simple = await t.http().get('/health').set('Origin', 'https://evil.example.com');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http().options('/auth/login').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows exactly the origins in CORS_ORIGINS', async () => {
      const cors = await createTestApp({ CORS_ORIGINS: 'https://app.example.com' });
      try {
        const allowed = await cors.http().get('/health').set('Origin', 'https://app.example.com').expect(200);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
        const preflight = await cors.http().options('/auth/login').set('Origin', 'https://app.example.com').set('Access-Control-Request-Method', 'POST');
        expect(preflight.status).toBeLessThan(300);
        expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
        for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.example', 'null']) {
          const refused = await cors.http().get('/health').set('Origin', origin);
          expect(refused.headers['access-control-allow-origin']).toBeUndefined();
        }
      } finally {
        await cors.close();
      }
    });

    it('sends Cache-Control: no-store with every token: login, refresh (both paths) and reauthenticate', async () => {
      const target = await registerUser(t.http);
      const loggedIn = await t.http().post('/auth/login').send({ email: target.email, password: target.password }).expect(200);
      const refreshed = await t.http().post('/auth/token').send({ refreshToken: loggedIn.body.refreshToken }).expect(200);
      const aliased = await t.http().post('/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(200);
      const reauthenticated = await t.http()
        .post('/auth/reauthenticate')
        .set(...bearer(loggedIn.body.accessToken))
        .send({ password: target.password })
        .expect(200);
      for (const answer of [loggedIn, refreshed, aliased, reauthenticated]) {
        expect(answer.body.accessToken).toEqual(expect.any(String));
        expect(answer.headers['cache-control']).toBe('no-store');
      }
    });
  });
});
