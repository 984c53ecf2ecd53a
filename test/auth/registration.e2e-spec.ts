import { randomInt, randomUUID } from 'node:crypto';
import { isCommonPassword } from '../../src/auth/passwords/common-passwords.js';
import { errorBody, login, registerUser, strongPassword, uniqueEmail } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `count` random characters outside the Basic Multilingual Plane: 4 bytes in UTF-8, 2 UTF-16 units each. */
const emojiPassword = (count: number): string =>
  Array.from({ length: count }, () => String.fromCodePoint(0x1f300 + randomInt(0x250))).join('');

describe('Registration (e2e)', () => {
  const t = useTestApp();

  const register = (body: object) => t.http().post('/auth/register').send(body);

  it('stores the email trimmed and lower-cased and answers {id, email, createdAt}', async () => {
    const local = `Mixed.Case-${randomUUID()}`;
    const response = await register({ email: `  ${local}@Example.COM \t`, password: strongPassword() }).expect(201);
    expect(response.body).toEqual({ id: expect.stringMatching(UUID), email: `${local.toLowerCase()}@example.com`, createdAt: expect.any(String) });
    expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
  });

  it('answers 409 email_taken for an email already registered, also in another letter case', async () => {
    const user = await registerUser(t.http);
    const again = await register({ email: user.email, password: strongPassword() }).expect(409);
    expect(again.body).toEqual(errorBody(409, 'email_taken'));
    const variant = await register({ email: `  ${user.email.toUpperCase()} `, password: strongPassword() }).expect(409);
    expect(variant.body).toEqual(errorBody(409, 'email_taken'));
  });

  it('refuses a 7-character password with a 400', async () => {
    const response = await register({ email: uniqueEmail(), password: 'x7#Kq2p' }).expect(400);
    expect(response.body).toEqual({ ...errorBody(400, 'validation_failed'), details: expect.any(Array) });
    expect(JSON.stringify(response.body.details)).toContain('password');
  });

  it('refuses a 257-character password with a 400', async () => {
    const password = `${strongPassword()}${'z'.repeat(257)}`.slice(0, 257);
    expect(password).toHaveLength(257);
    await register({ email: uniqueEmail(), password }).expect(400);
  });

  it('refuses 257 multi-byte characters: length counts characters, not bytes or UTF-16 units', async () => {
    await register({ email: uniqueEmail(), password: emojiPassword(257) }).expect(400);
  });

  it('accepts 256 multi-byte characters and never truncates them', async () => {
    const password = emojiPassword(256);
    expect([...password]).toHaveLength(256);
    expect(Buffer.byteLength(password, 'utf8')).toBe(1024);
    const user = await registerUser(t.http, { password });

    await login(t.http, user);
    const shorter = [...password].slice(0, -1).join('');
    const refused = await t.http().post('/auth/login').send({ email: user.email, password: shorter }).expect(401);
    expect(refused.body).toEqual(errorBody(401, 'invalid_credentials'));
    // A change in the last character only: a hash of a truncated prefix could not tell these apart.
    const lastChanged = `${shorter}${String.fromCodePoint(password.codePointAt(password.length - 2) === 0x1f300 ? 0x1f301 : 0x1f300)}`;
    await t.http().post('/auth/login').send({ email: user.email, password: lastChanged }).expect(401);
  });

  it('refuses a password from the common-password list, whatever its letter case', async () => {
    for (const password of ['password123', 'iloveyou1']) expect(isCommonPassword(password)).toBe(true);
    const response = await register({ email: uniqueEmail(), password: 'password123' }).expect(400);
    expect(response.body.error).toBe('validation_failed');
    expect(JSON.stringify(response.body.details)).toMatch(/common/);
    await register({ email: uniqueEmail(), password: 'ILoveYou1' }).expect(400);
  });

  it('refuses an unknown field with a 400', async () => {
    const response = await register({ email: uniqueEmail(), password: strongPassword(), role: 'admin' }).expect(400);
    expect(response.body).toEqual({ ...errorBody(400, 'validation_failed'), details: expect.any(Array) });
    expect(JSON.stringify(response.body.details)).toContain('role');
  });

  it.each([
    ['a missing email', { password: 'pw-correct-horse-42' }],
    ['an email without a domain', { email: 'ada@', password: 'pw-correct-horse-42' }],
    ['a numeric password', { email: 'n@example.com', password: 12345678 }],
    ['a missing password', { email: 'm@example.com' }],
  ])('refuses %s with a 400 in the error shape', async (_name, body) => {
    const response = await register(body).expect(400);
    expect(response.body).toEqual({ ...errorBody(400, 'validation_failed'), details: expect.any(Array) });
  });

  it('creates nothing when it refuses the request', async () => {
    const email = uniqueEmail();
    await register({ email, password: 'short' }).expect(400);
    await register({ email, password: strongPassword() }).expect(201);
  });
});
