import { randomUUID } from 'node:crypto';
import { PrismaService } from '../src/prisma/prisma.service.js';
import { bearer, registerAndLogin } from './support/factories.js';
import { useTestApp } from './support/test-app.js';

interface PostBody {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

interface PageBody {
  items: PostBody[];
  nextCursor: string | null;
}

const NOT_FOUND = { statusCode: 404, error: 'not_found', message: 'Post not found' };

describe('Posts (e2e)', () => {
  const t = useTestApp();

  /** A fresh user's access token, so listings see only this test's posts. */
  const newToken = async () => (await registerAndLogin(t.http)).tokens.accessToken;

  const createPost = async (token: string, post: { title: string; body: string }): Promise<PostBody> =>
    (await t.http().post('/posts').set(...bearer(token)).send(post).expect(201)).body;

  const listPage = async (token: string, query: Record<string, string | number>): Promise<PageBody> =>
    (await t.http().get('/posts').query(query).set(...bearer(token)).expect(200)).body;

  /** Follows nextCursor to the end; fails on a runaway loop instead of hanging. */
  async function walkAll(token: string, limit: number): Promise<{ pages: PostBody[][]; items: PostBody[] }> {
    const pages: PostBody[][] = [];
    let cursor: string | null = null;
    do {
      const page: PageBody = await listPage(token, cursor ? { limit, cursor } : { limit });
      pages.push(page.items);
      cursor = page.nextCursor;
      if (pages.length > 100) throw new Error('pagination does not end');
    } while (cursor);
    return { pages, items: pages.flat() };
  }

  /** Newest first, ties in creation time broken by the larger id first (the listing's documented order). */
  const newestFirst = (a: PostBody, b: PostBody) =>
    Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  describe('without an access token', () => {
    const someId = randomUUID();
    it.each([
      ['GET', '/posts'],
      ['POST', '/posts'],
      ['GET', `/posts/${someId}`],
      ['PATCH', `/posts/${someId}`],
      ['DELETE', `/posts/${someId}`],
    ])('refuses %s %s with a 401 and the realm challenge', async (method, path) => {
      const request = t.http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
      const response = method === 'POST' || method === 'PATCH' ? await request.send({ title: 't', body: 'b' }) : await request;
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="keystep"');
      expect(response.body).toEqual({ statusCode: 401, error: 'unauthorized', message: expect.any(String) });
    });

    it('refuses a forged token with an invalid_token challenge', async () => {
      const response = await t.http().get('/posts').set(...bearer('not.a.jwt')).expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    });
  });

  describe('CRUD of the caller’s own posts', () => {
    it('creates a post and answers 201 with it, without any user id', async () => {
      const token = await newToken();
      const response = await t.http().post('/posts').set(...bearer(token)).send({ title: 'Hello', body: 'First post' }).expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'Hello',
        body: 'First post',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
    });

    it('stores title and body exactly as sent, surrounding spaces and unicode included', async () => {
      const token = await newToken();
      const sent = { title: '  Crème brûlée 🍮  ', body: '\n  line one\n\tline two  ' };
      const created = await createPost(token, sent);
      expect(created).toMatchObject(sent);
      const read = await t.http().get(`/posts/${created.id}`).set(...bearer(token)).expect(200);
      expect(read.body).toMatchObject(sent);
    });

    it('accepts a title of exactly 200 and a body of exactly 10000 characters', async () => {
      const token = await newToken();
      await createPost(token, { title: 't'.repeat(200), body: 'b'.repeat(10_000) });
    });

    it('reads, updates field by field and deletes a post', async () => {
      const token = await newToken();
      const created = await createPost(token, { title: 'Draft', body: 'Original body' });

      const read = await t.http().get(`/posts/${created.id}`).set(...bearer(token)).expect(200);
      expect(read.body).toEqual(created);

      const retitled = await t.http().patch(`/posts/${created.id}`).set(...bearer(token)).send({ title: 'Final' }).expect(200);
      expect(retitled.body).toMatchObject({ id: created.id, title: 'Final', body: 'Original body', createdAt: created.createdAt });
      expect(Date.parse(retitled.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

      const rewritten = await t.http().patch(`/posts/${created.id}`).set(...bearer(token)).send({ body: 'New body' }).expect(200);
      expect(rewritten.body).toMatchObject({ title: 'Final', body: 'New body' });

      const both = await t.http().patch(`/posts/${created.id}`).set(...bearer(token)).send({ title: 'T2', body: 'B2' }).expect(200);
      expect(both.body).toMatchObject({ title: 'T2', body: 'B2' });
      await t.http().get(`/posts/${created.id}`).set(...bearer(token)).expect(200, both.body);

      const deleted = await t.http().delete(`/posts/${created.id}`).set(...bearer(token)).expect(204);
      expect(deleted.text).toBe('');
      await t.http().get(`/posts/${created.id}`).set(...bearer(token)).expect(404, NOT_FOUND);
      await t.http().delete(`/posts/${created.id}`).set(...bearer(token)).expect(404, NOT_FOUND);
      await t.http().patch(`/posts/${created.id}`).set(...bearer(token)).send({ title: 'Zombie' }).expect(404, NOT_FOUND);
    });
  });

  describe('ownership', () => {
    it('answers 404 to another user on read, update and delete, and leaves the post unchanged', async () => {
      const alice = await newToken();
      const bob = await newToken();
      const post = await createPost(alice, { title: 'Alice only', body: 'Private' });

      await t.http().get(`/posts/${post.id}`).set(...bearer(bob)).expect(404, NOT_FOUND);
      await t.http().patch(`/posts/${post.id}`).set(...bearer(bob)).send({ title: 'Hijacked', body: 'Hijacked' }).expect(404, NOT_FOUND);
      await t.http().delete(`/posts/${post.id}`).set(...bearer(bob)).expect(404, NOT_FOUND);

      await t.http().get(`/posts/${post.id}`).set(...bearer(alice)).expect(200, post);
    });

    it('lists only the caller’s posts', async () => {
      const alice = await newToken();
      const bob = await newToken();
      const alicePost = await createPost(alice, { title: 'A', body: 'a' });
      const bobPost = await createPost(bob, { title: 'B', body: 'b' });

      expect(await listPage(alice, {})).toEqual({ items: [alicePost], nextCursor: null });
      expect(await listPage(bob, {})).toEqual({ items: [bobPost], nextCursor: null });
    });

    it('gives a user without posts an empty last page', async () => {
      expect(await listPage(await newToken(), {})).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('ids that are not the caller’s post', () => {
    it.each([
      ['an unknown uuid', randomUUID()],
      ['a malformed id', 'not-a-uuid'],
      ['a number', '42'],
      ['an SQL fragment', encodeURIComponent("1' OR '1'='1")],
      ['a uuid with trailing junk', `${randomUUID()}x`],
      ['an encoded NUL', '%00'],
      ['an encoded path traversal', '..%2F..%2Fauth%2Fme'],
      // 200 is the router's parameter limit (app.setup.ts); longer segments are refused before routing.
      ['a 200-character id', 'a'.repeat(200)],
    ])('answers %s with the same 404 on read, update and delete', async (_label, id) => {
      const token = await newToken();
      await t.http().get(`/posts/${id}`).set(...bearer(token)).expect(404, NOT_FOUND);
      await t.http().patch(`/posts/${id}`).set(...bearer(token)).send({ title: 'x' }).expect(404, NOT_FOUND);
      await t.http().delete(`/posts/${id}`).set(...bearer(token)).expect(404, NOT_FOUND);
    });
  });

  describe('pagination', () => {
    it('walks 25 posts in pages of 10, newest first, with no duplicates or gaps', async () => {
      const token = await newToken();
      const created: PostBody[] = [];
      for (let i = 0; i < 25; i++) created.push(await createPost(token, { title: `post ${i}`, body: `body ${i}` }));

      const { pages, items } = await walkAll(token, 10);

      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(new Set(items.map((post) => post.id)).size).toBe(25);
      expect([...items].sort(newestFirst)).toEqual(items);
      expect([...created].sort(newestFirst)).toEqual(items);
      expect(items[0]!.title).toBe('post 24');
    });

    it('defaults to 20 items and ends without a cursor when the last page is exactly full', async () => {
      const token = await newToken();
      for (let i = 0; i < 25; i++) await createPost(token, { title: `p${i}`, body: 'b' });

      const first = await listPage(token, {});
      expect(first.items).toHaveLength(20);
      expect(first.nextCursor).toEqual(expect.any(String));

      const exact = await listPage(token, { limit: 25 });
      expect(exact).toEqual({ items: expect.any(Array), nextCursor: null });
      expect(exact.items).toHaveLength(25);

      expect((await walkAll(token, 5)).pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 5]);
    });

    it('keeps a cursor stable while newer posts are created', async () => {
      const token = await newToken();
      const before: PostBody[] = [];
      for (let i = 0; i < 12; i++) before.push(await createPost(token, { title: `old ${i}`, body: 'b' }));

      const first = await listPage(token, { limit: 5 });
      for (let i = 0; i < 3; i++) await createPost(token, { title: `new ${i}`, body: 'b' });

      const seen = [...first.items];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await listPage(token, { limit: 5, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(seen).toEqual([...before].sort(newestFirst));
    });

    it('neither skips nor repeats posts that share a creation time', async () => {
      const { user, tokens } = await registerAndLogin(t.http);
      const createdAt = new Date('2024-06-01T12:00:00.000Z');
      const prisma = t.app.get(PrismaService);
      await prisma.post.createMany({
        data: Array.from({ length: 7 }, (_, i) => ({ userId: user.id, title: `tie ${i}`, body: 'b', createdAt })),
      });

      const { pages, items } = await walkAll(tokens.accessToken, 3);

      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(new Set(items.map((post) => post.id)).size).toBe(7);
      expect([...items].sort(newestFirst)).toEqual(items);
    });

    it.each([
      ['limit=0', { limit: '0' }],
      ['limit=101', { limit: '101' }],
      ['limit=abc', { limit: 'abc' }],
      ['limit=2.5', { limit: '2.5' }],
      ['an empty cursor', { cursor: '' }],
      ['a garbage cursor', { cursor: 'garbage!' }],
      ['a cursor with a malformed id', { cursor: Buffer.from('2024-01-01T00:00:00.000Z|1 OR 1=1').toString('base64url') }],
      ['a cursor with an impossible date', { cursor: Buffer.from(`2024-02-30T00:00:00.000Z|${randomUUID()}`).toString('base64url') }],
      ['a cursor before the year 1', { cursor: Buffer.from(`0000-01-01T00:00:00.000Z|${randomUUID()}`).toString('base64url') }],
      ['an unknown parameter', { offset: '10' }],
    ])('refuses %s with a 400 in the error shape', async (_label, query) => {
      const token = await newToken();
      const response = await t.http().get('/posts').query(query).set(...bearer(token)).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'validation_failed',
        message: 'Request validation failed',
        details: expect.any(Array),
      });
    });

    it('refuses a repeated limit parameter with a 400', async () => {
      const token = await newToken();
      await t.http().get('/posts?limit=1&limit=2').set(...bearer(token)).expect(400);
    });
  });

  describe('invalid input', () => {
    const validationError = {
      statusCode: 400,
      error: 'validation_failed',
      message: 'Request validation failed',
      details: expect.arrayContaining([expect.any(String)]),
    };

    it.each([
      ['an empty object', {}],
      ['a missing title', { body: 'b' }],
      ['a missing body', { title: 't' }],
      ['an empty title', { title: '', body: 'b' }],
      ['a whitespace-only title', { title: ' \t\n ', body: 'b' }],
      ['a whitespace-only body', { title: 't', body: '   ' }],
      ['a 201-character title', { title: 't'.repeat(201), body: 'b' }],
      ['a 10001-character body', { title: 't', body: 'b'.repeat(10_001) }],
      ['a numeric title', { title: 42, body: 'b' }],
      ['a null title', { title: null, body: 'b' }],
      ['an array body', { title: 't', body: ['b'] }],
      ['a NUL character', { title: 'a\u0000b', body: 'b' }],
      ['an unpaired surrogate', { title: 't', body: 'x\ud800y' }],
      ['an unknown field', { title: 't', body: 'b', extra: true }],
      ['a userId', { title: 't', body: 'b', userId: randomUUID() }],
      ['an id', { title: 't', body: 'b', id: randomUUID() }],
    ])('refuses to create a post with %s', async (_label, body) => {
      const token = await newToken();
      const response = await t.http().post('/posts').set(...bearer(token)).send(body).expect(400);
      expect(response.body).toEqual(validationError);
      expect(await listPage(token, {})).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a create without a body with a 400', async () => {
      const token = await newToken();
      const response = await t.http().post('/posts').set(...bearer(token)).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
    });

    it('refuses a JSON array as the body with a 400', async () => {
      const token = await newToken();
      const response = await t.http().post('/posts').set(...bearer(token)).send([{ title: 't', body: 'b' }]).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.any(String) });
    });

    it.each([
      ['an empty object', {}],
      ['a null title', { title: null }],
      ['a null body', { body: null }],
      ['an empty title', { title: '' }],
      ['a whitespace-only body', { body: ' ' }],
      ['a 201-character title', { title: 't'.repeat(201) }],
      ['an unknown field', { title: 'x', pinned: true }],
      ['a userId', { userId: randomUUID() }],
      ['a createdAt', { title: 'x', createdAt: '2000-01-01T00:00:00.000Z' }],
    ])('refuses to update a post with %s and leaves it unchanged', async (_label, body) => {
      const token = await newToken();
      const post = await createPost(token, { title: 'Keep', body: 'Me' });
      const response = await t.http().patch(`/posts/${post.id}`).set(...bearer(token)).send(body).expect(400);
      expect(response.body).toEqual(validationError);
      await t.http().get(`/posts/${post.id}`).set(...bearer(token)).expect(200, post);
    });
  });

  it('documents the posts routes in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths['/posts'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/posts/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(doc.paths['/posts/{id}'].get.responses).toHaveProperty('404');
    expect(doc.paths['/posts'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor']),
    );
    expect(doc.components.schemas.CreatePostDto.properties.title).toMatchObject({ minLength: 1, maxLength: 200 });
  });
});
