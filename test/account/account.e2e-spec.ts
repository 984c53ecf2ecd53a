import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../src/common/pagination/cursor.js';
import { bearer, decodeJwt, login, reauthenticate, refreshMintedToken, registerUser } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

describe('Account (e2e)', () => {
  const t = useTestApp();

  describe('GET /account', () => {
    it('answers a request without a token with the 401 realm challenge', async () => {
      const response = await t.http().get('/account').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    });

    it('answers a garbage token with 401 invalid_token', async () => {
      const response = await t.http().get('/account').set(...bearer('not.a.jwt')).expect(401);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it("returns the caller's id, email, 2FA state and creation time, and nothing else", async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const response = await t.http().get('/account').set(...bearer(tokens.accessToken)).expect(200);
      expect(response.body).toEqual({ id: user.id, email: user.email, twoFactorEnabled: false, createdAt: expect.any(String) });
      expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
    });

    it('needs no step-up: a refresh-minted token is enough', async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const weak = await refreshMintedToken(t.http, tokens.refreshToken);
      const response = await t.http().get('/account').set(...bearer(weak)).expect(200);
      expect(response.body.id).toBe(user.id);
    });
  });

  describe('GET /account/security-events', () => {
    /** A user with five events: three logins, a failed login, a re-authentication (in that order). */
    async function userWithHistory() {
      const user = await registerUser(t.http);
      const first = await login(t.http, user);
      await login(t.http, user);
      await t.http().post('/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
      const third = await login(t.http, user);
      await reauthenticate(t.http, third.accessToken, user.password).expect(200);
      return { user, first, third };
    }

    it('answers a request without a token with the 401 realm challenge', async () => {
      const response = await t.http().get('/account/security-events').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    });

    it("lists the caller's own events, newest first, with their public fields only", async () => {
      const { first, third } = await userWithHistory();
      const response = await t.http().get('/account/security-events').set(...bearer(first.accessToken)).expect(200);
      expect(response.body.nextCursor).toBeNull();
      expect(response.body.items.map((event: { type: string }) => event.type)).toEqual([
        'reauthenticated',
        'login_succeeded',
        'login_failed',
        'login_succeeded',
        'login_succeeded',
      ]);
      for (const event of response.body.items) {
        expect(Object.keys(event).sort()).toEqual(['createdAt', 'id', 'ip', 'sessionId', 'type', 'userAgent']);
      }
      expect(response.body.items[0].sessionId).toBe(decodeJwt(third.accessToken).sid);
      expect(response.body.items.at(-1).sessionId).toBe(decodeJwt(first.accessToken).sid);
      const times = response.body.items.map((event: { createdAt: string }) => Date.parse(event.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it("never shows another user's events", async () => {
      const { first } = await userWithHistory();
      const other = await registerUser(t.http);
      const otherTokens = await login(t.http, other);
      const mine = await t.http().get('/account/security-events').set(...bearer(first.accessToken)).expect(200);
      const theirs = await t.http().get('/account/security-events').set(...bearer(otherTokens.accessToken)).expect(200);
      expect(theirs.body.items).toHaveLength(1);
      const mineIds = new Set(mine.body.items.map((event: { id: string }) => event.id));
      expect(theirs.body.items.some((event: { id: string }) => mineIds.has(event.id))).toBe(false);
    });

    it('pages through the log with limit and cursor, without gaps or repeats', async () => {
      const { first } = await userWithHistory();
      const all = await t.http().get('/account/security-events').set(...bearer(first.accessToken)).expect(200);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
        const page = await t.http().get('/account/security-events').query(query).set(...bearer(first.accessToken)).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((event: { id: string }) => event.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(all.body.items.map((event: { id: string }) => event.id));
    });

    it('ends with a null cursor when the last page is exactly full', async () => {
      const { first } = await userWithHistory();
      const page = await t.http().get('/account/security-events?limit=5').set(...bearer(first.accessToken)).expect(200);
      expect(page.body.items).toHaveLength(5);
      expect(page.body.nextCursor).toBeNull();
    });

    it.each([
      ['limit=0', 'limit=0'],
      ['limit=101', 'limit=101'],
      ['a non-numeric limit', 'limit=ten'],
      ['a forged cursor', 'cursor=not-a-cursor'],
      ['an unknown parameter', 'userId=00000000-0000-4000-8000-000000000000'],
    ])('refuses %s with 400 in the error shape', async (_label, query) => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const response = await t.http().get(`/account/security-events?${query}`).set(...bearer(tokens.accessToken)).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed' });
    });

    it('answers a well-formed cursor that names no event with a 200, not a 500', async () => {
      const user = await registerUser(t.http);
      const tokens = await login(t.http, user);
      const cursor = encodeCursor({ createdAt: new Date(), id: randomUUID() });
      const response = await t.http().get('/account/security-events').query({ cursor }).set(...bearer(tokens.accessToken)).expect(200);
      expect(response.body).toEqual({ items: expect.any(Array), nextCursor: null });
    });
  });

  it('documents the bearer scheme on every /account route, and the step-up 401 on the sensitive ones', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    const operation = (path: string, method: string) => doc.body.paths[path]?.[method];
    for (const [path, method] of [
      ['/account', 'get'],
      ['/account/security-events', 'get'],
    ]) {
      expect(operation(path!, method!).security).toEqual([{ bearer: [] }]);
    }
    for (const path of ['/account/password', '/account/2fa/setup', '/account/2fa/enable', '/account/2fa/disable']) {
      const post = operation(path, 'post');
      expect(post.security).toEqual([{ bearer: [] }]);
      expect(post.responses['401'].description).toContain('insufficient_user_authentication');
    }
    for (const path of ['/account/2fa/enable', '/account/2fa/disable']) {
      expect(Object.keys(operation(path, 'post').responses)).toEqual(expect.arrayContaining(['400', '409', '429']));
    }
  });
});
