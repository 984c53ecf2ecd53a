import { randomUUID } from 'node:crypto';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { bearer, login, refreshMintedToken, registerAndLogin, registerUser, sleep, type TokenPairBody } from './support/factories.js';
import { useTestApp } from './support/test-app.js';

describe('Payments (e2e)', () => {
  const t = useTestApp();
  let prisma: PrismaService;

  beforeAll(async () => {
    prisma = t.app.get(PrismaService);
  });

  const payment = (overrides: Record<string, unknown> = {}) => ({
    amountMinor: 1999,
    currency: 'EUR',
    description: 'Invoice 42',
    ...overrides,
  });

  const pay = (token: string, key: string | undefined, body: object = payment()) => {
    const request = t.http().post('/payments').set(...bearer(token));
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
  };

  const freshTokens = async (): Promise<{ userId: string; tokens: TokenPairBody }> => {
    const { user, tokens } = await registerAndLogin(t.http);
    return { userId: user.id, tokens };
  };

  describe('authentication', () => {
    it('answers POST /payments without a token with a 401 realm challenge', async () => {
      const response = await t.http().post('/payments').set('Idempotency-Key', randomUUID()).send(payment()).expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
      expect(response.body).toMatchObject({ statusCode: 401, error: 'unauthorized' });
    });

    it('answers GET /payments without a token with a 401 realm challenge', async () => {
      const response = await t.http().get('/payments').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    });

    it('refuses a refresh-minted token with a step-up challenge carrying max_age=120', async () => {
      const { tokens } = await freshTokens();
      const response = await pay(await refreshMintedToken(t.http, tokens.refreshToken), randomUUID()).expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'insufficient_user_authentication' });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="insufficient_user_authentication"/);
      expect(response.headers['www-authenticate']).toContain('max_age=120');
    });

    it('refuses the still-unexpired login token once its session is logged out', async () => {
      const { tokens } = await freshTokens();
      await pay(tokens.accessToken, randomUUID()).expect(201);
      await t.http().post('/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
      const response = await pay(tokens.accessToken, randomUUID()).expect(401);
      expect(response.body.error).toBe('insufficient_user_authentication');
    });

    it('records nothing when step-up is refused', async () => {
      const { userId, tokens } = await freshTokens();
      await pay(await refreshMintedToken(t.http, tokens.refreshToken), randomUUID()).expect(401);
      expect(await prisma.payment.count({ where: { userId } })).toBe(0);
    });
  });

  describe('recording', () => {
    it('records a payment for a fresh login token', async () => {
      const { userId, tokens } = await freshTokens();
      const response = await pay(tokens.accessToken, randomUUID()).expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'recorded',
        amountMinor: 1999,
        currency: 'EUR',
        description: 'Invoice 42',
        createdAt: expect.any(String),
      });
      expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
      expect(response.headers['idempotent-replayed']).toBeUndefined();
      const row = await prisma.payment.findUniqueOrThrow({ where: { id: response.body.id } });
      expect(row).toMatchObject({ userId, amountMinor: 1999, currency: 'EUR', status: 'recorded' });
    });

    it('accepts the largest amount the column holds', async () => {
      const { tokens } = await freshTokens();
      const response = await pay(tokens.accessToken, randomUUID(), payment({ amountMinor: 2 ** 31 - 1 })).expect(201);
      expect(response.body.amountMinor).toBe(2 ** 31 - 1);
    });
  });

  describe('idempotency', () => {
    it('returns the same payment for the same key and body, with 201 and Idempotent-Replayed', async () => {
      const { userId, tokens } = await freshTokens();
      const key = randomUUID();
      const first = await pay(tokens.accessToken, key).expect(201);
      const again = await pay(tokens.accessToken, key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await prisma.payment.count({ where: { userId } })).toBe(1);
    });

    it('treats a body with its keys in another order as the same request', async () => {
      const { tokens } = await freshTokens();
      const key = randomUUID();
      const first = await pay(tokens.accessToken, key, { amountMinor: 500, currency: 'USD', description: 'x' }).expect(201);
      const reordered = await t
        .http()
        .post('/payments')
        .set(...bearer(tokens.accessToken))
        .set('Idempotency-Key', key)
        .set('Content-Type', 'application/json')
        .send('{"description":"x","currency":"USD","amountMinor":500}')
        .expect(201);
      expect(reordered.body.id).toBe(first.body.id);
    });

    it('refuses the same key with another body with 409 idempotency_key_reused', async () => {
      const { userId, tokens } = await freshTokens();
      const key = randomUUID();
      const first = await pay(tokens.accessToken, key).expect(201);
      for (const other of [payment({ amountMinor: 2000 }), payment({ currency: 'USD' }), payment({ description: 'Invoice 43' })]) {
        const response = await pay(tokens.accessToken, key, other).expect(409);
        expect(response.body).toEqual({ statusCode: 409, error: 'idempotency_key_reused', message: expect.any(String) });
      }
      const rows = await prisma.payment.findMany({ where: { userId } });
      expect(rows.map((row) => row.id)).toEqual([first.body.id]);
    });

    it('records exactly one payment for 10 concurrent identical requests, and answers each with it', async () => {
      const { userId, tokens } = await freshTokens();
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => pay(tokens.accessToken, key)));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
      const ids = new Set(responses.map((response) => response.body.id));
      expect(ids.size).toBe(1);
      const rows = await prisma.payment.findMany({ where: { userId, idempotencyKey: key } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe([...ids][0]);
      expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    });

    it('scopes keys per user: the same key from two users records two payments', async () => {
      const alice = await freshTokens();
      const bob = await freshTokens();
      const key = randomUUID();
      const fromAlice = await pay(alice.tokens.accessToken, key).expect(201);
      const fromBob = await pay(bob.tokens.accessToken, key, payment({ amountMinor: 1 })).expect(201);
      expect(fromBob.body.id).not.toBe(fromAlice.body.id);
      expect(fromBob.headers['idempotent-replayed']).toBeUndefined();
      expect(await prisma.payment.count({ where: { idempotencyKey: key } })).toBe(2);
    });
  });

  describe('validation', () => {
    let token: string;
    let userId: string;

    beforeAll(async () => {
      // One login serves the whole block: its step-up window (120 s) outlasts these requests.
      ({ userId, tokens: { accessToken: token } } = await freshTokens());
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['256 characters long', 'k'.repeat(256)],
    ])('refuses an Idempotency-Key that is %s with 400', async (_name, key) => {
      const response = await pay(token, key).expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'invalid_idempotency_key', message: expect.any(String) });
    });

    it('accepts an Idempotency-Key of exactly 255 characters', async () => {
      await pay(token, 'k'.repeat(255)).expect(201);
    });

    it.each([0, -5, 1.5, '100', 2 ** 31, null])('refuses amountMinor %p with 400', async (amountMinor) => {
      const response = await pay(token, randomUUID(), payment({ amountMinor })).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
      expect(response.body.details.join(' ')).toContain('amountMinor');
    });

    it.each(['eur', 'EURO', 'ABC', 'XXX', 978])('refuses currency %p with 400', async (currency) => {
      const response = await pay(token, randomUUID(), payment({ currency })).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
      expect(response.body.details.join(' ')).toContain('currency');
    });

    it.each([
      ['empty', ''],
      ['501 characters long', 'x'.repeat(501)],
      ['holding a NUL character', 'a\u0000b'],
    ])('refuses a description that is %s with 400', async (_name, description) => {
      const response = await pay(token, randomUUID(), payment({ description })).expect(400);
      expect(response.body.error).toBe('validation_failed');
    });

    it('refuses a missing body and unknown fields with 400', async () => {
      await t.http().post('/payments').set(...bearer(token)).set('Idempotency-Key', randomUUID()).expect(400);
      const extra = await pay(token, randomUUID(), payment({ userId: randomUUID() })).expect(400);
      expect(extra.body.error).toBe('validation_failed');
    });

    it('records nothing for refused requests', async () => {
      const rows = await prisma.payment.findMany({ where: { userId } });
      expect(rows.map((row) => row.idempotencyKey)).toEqual(['k'.repeat(255)]);
    });
  });

  describe('listing', () => {
    const list = (token: string, query: Record<string, string | number> = {}) =>
      t.http().get('/payments').query(query).set(...bearer(token));

    it("lists only the caller's payments, newest first", async () => {
      const alice = await freshTokens();
      const bob = await freshTokens();
      const created: string[] = [];
      for (const amountMinor of [100, 200, 300]) {
        const response = await pay(alice.tokens.accessToken, randomUUID(), payment({ amountMinor })).expect(201);
        created.push(response.body.id);
        await sleep(5);
      }
      await pay(bob.tokens.accessToken, randomUUID()).expect(201);

      const page = await list(alice.tokens.accessToken).expect(200);
      expect(page.body.nextCursor).toBeNull();
      expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([...created].reverse());
      expect(page.body.items.map((item: { amountMinor: number }) => item.amountMinor)).toEqual([300, 200, 100]);
      expect(page.body.items[0]).toEqual({
        id: created[2],
        status: 'recorded',
        amountMinor: 300,
        currency: 'EUR',
        description: 'Invoice 42',
        createdAt: expect.any(String),
      });
    });

    it('pages through the payments with limit and cursor, without repeats or gaps', async () => {
      const { tokens } = await freshTokens();
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        created.push((await pay(tokens.accessToken, randomUUID(), payment({ amountMinor: i + 1 })).expect(201)).body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = cursor ? { limit: 2, cursor } : { limit: 2 };
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await list(tokens.accessToken, query).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item) => item.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen)).toEqual(new Set(created));
      const whole = await list(tokens.accessToken, { limit: 100 }).expect(200);
      expect(seen).toEqual(whole.body.items.map((item: { id: string }) => item.id));
    });

    it('refuses a forged cursor and an out-of-range limit with 400', async () => {
      const { tokens } = await freshTokens();
      expect((await list(tokens.accessToken, { cursor: 'garbage' }).expect(400)).body.error).toBe('validation_failed');
      expect((await list(tokens.accessToken, { limit: 0 }).expect(400)).body.error).toBe('validation_failed');
      expect((await list(tokens.accessToken, { limit: 101 }).expect(400)).body.error).toBe('validation_failed');
    });

    it('lists payments with a refresh-minted token (no step-up needed to read)', async () => {
      const { tokens } = await freshTokens();
      const created = await pay(tokens.accessToken, randomUUID()).expect(201);
      const page = await list(await refreshMintedToken(t.http, tokens.refreshToken)).expect(200);
      expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    });

    it('answers an empty page for a user without payments', async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      await list(tokens.accessToken).expect(200, { items: [], nextCursor: null });
    });
  });

  it('documents the Idempotency-Key header, the replay header and the 409 in OpenAPI', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    const post = doc.body.paths['/payments'].post;
    expect(post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]),
    );
    expect(post.responses['201'].headers['Idempotent-Replayed']).toBeDefined();
    expect(post.responses['409']).toBeDefined();
    expect(post.responses['401']).toBeDefined();
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(doc.body.paths['/payments'].get.security).toEqual([{ bearer: [] }]);
  });
});
