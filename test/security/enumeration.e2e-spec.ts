import type { Response } from 'supertest';
import { registerUser, type TestUser, uniqueEmail } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';
import { expectErrorShape } from './support/error-shape.js';

/** Headers that legitimately differ between any two answers. */
const PER_REQUEST_HEADERS = new Set(['x-request-id', 'date']);

/** Everything a client can observe about an answer except its timing. */
function observable(response: Response) {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !PER_REQUEST_HEADERS.has(name)));
  return { status: response.status, headers, body: response.text };
}

describe('Failed logins do not reveal whether an email is registered or locked (e2e)', () => {
  const t = useTestApp({ LOCKOUT_THRESHOLD: '3' });
  let user: TestUser;
  let locked: TestUser;
  let unknownEmail: ReturnType<typeof observable>;

  const attempt = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  beforeAll(async () => {
    [user, locked] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    for (let i = 0; i < 3; i++) await attempt(locked.email, `wrong-${i}`).expect(401);
    const reference = await attempt(uniqueEmail('nobody'), 'a-password-of-some-length');
    expectErrorShape(reference, 401, 'invalid_credentials');
    unknownEmail = observable(reference);
  });

  it('answers an unknown email with the generic invalid_credentials 401 and a Bearer challenge', () => {
    expect(unknownEmail.headers['www-authenticate']).toBe('Bearer realm="keystep"');
    expect(JSON.parse(unknownEmail.body)).toEqual({ statusCode: 401, error: 'invalid_credentials', message: 'Invalid email or password' });
  });

  it('answers a wrong password with the same status, headers and body bytes as an unknown email', async () => {
    expect(observable(await attempt(user.email, 'a-password-of-some-length'))).toEqual(unknownEmail);
  });

  it('answers a locked account and a wrong password like an unknown email', async () => {
    expect(observable(await attempt(locked.email, 'a-password-of-some-length'))).toEqual(unknownEmail);
  });

  it('answers a locked account and the right password like an unknown email', async () => {
    expect(observable(await attempt(locked.email, locked.password))).toEqual(unknownEmail);
  });

  it('answers upper-case spellings of registered and unknown emails like any other failure', async () => {
    expect(observable(await attempt(user.email.toUpperCase(), 'a-password-of-some-length'))).toEqual(unknownEmail);
    expect(observable(await attempt(uniqueEmail('nobody').toUpperCase(), 'a-password-of-some-length'))).toEqual(unknownEmail);
  });
});
