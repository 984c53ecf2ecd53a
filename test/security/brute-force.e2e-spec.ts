import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import type { Response } from 'supertest';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { bearer, login, registerUser, strongPassword, type TestUser, uniqueEmail } from '../support/factories.js';
import { createTestApp, type TestApp, useTestApp } from '../support/test-app.js';
import { agentFrom, uniqueForwardedIp, uniqueLoopbackIp } from './support/client-ip.js';
import { rowsMentioning } from './support/database-trace.js';
import { expectErrorShape } from './support/error-shape.js';

// Redis counters outlive a run by up to 60 s: every test uses its own source IP, forwarded IPs and
// emails, so neither a previous run nor a parallel one shares a bucket with it.
/** The shared-counter cases need a Redis server; CI and the development machines run one here. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMITED = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '5' };

const agents = new Map<string, Agent>();
const from = (ip: string): Agent => agents.get(ip) ?? agents.set(ip, agentFrom(ip)).get(ip)!;

function attemptLogin(t: TestApp, ip: string, email: string, password: string, headers: Record<string, string> = {}) {
  return t.http().post('/auth/login').agent(from(ip)).set(headers).send({ email, password });
}

function expectTooManyRequests(response: Response): void {
  expectErrorShape(response, 429, 'too_many_requests');
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
}

describe('Account lockout after failed logins (e2e)', () => {
  const t = useTestApp({ LOCKOUT_THRESHOLD: '10' });
  let prisma: PrismaService;

  beforeAll(async () => {
    prisma = t.app.get(PrismaService);
  });

  const attempt = (email: string, password: string) => t.http().post('/auth/login').send({ email, password });

  async function failTimes(user: TestUser, times: number, email = user.email): Promise<Response[]> {
    const answers: Response[] = [];
    for (let i = 0; i < times; i++) answers.push(await attempt(email, `${user.password}-wrong-${i}`));
    return answers;
  }

  it('answers the 11th wrong password with the generic 401, and then refuses the right password the same way', async () => {
    const user = await registerUser(t.http);
    const [first, ...rest] = await failTimes(user, 11);
    expectErrorShape(first!, 401, 'invalid_credentials');
    for (const answer of rest) expect({ status: answer.status, body: answer.text }).toEqual({ status: 401, body: first!.text });

    const right = await attempt(user.email, user.password);
    expect({ status: right.status, body: right.text }).toEqual({ status: 401, body: first!.text });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('writes one account_locked security event when the lock starts', async () => {
    const user = await registerUser(t.http);
    await failTimes(user, 9);
    expect(await prisma.securityEvent.count({ where: { userId: user.id, type: 'account_locked' } })).toBe(0);
    await failTimes(user, 1);
    expect(await prisma.securityEvent.count({ where: { userId: user.id, type: 'account_locked' } })).toBe(1);
    expect(await prisma.securityEvent.count({ where: { userId: user.id, type: 'login_failed' } })).toBe(10);
  });

  it('starts the count again after a success before the limit (9 wrong, 1 right, 9 wrong: not locked)', async () => {
    const user = await registerUser(t.http);
    await failTimes(user, 9);
    await login(t.http, user);
    await failTimes(user, 9);
    await login(t.http, user);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
  });

  it('counts case and whitespace variants of the email against one account', async () => {
    const user = await registerUser(t.http);
    const [local, domain] = user.email.split('@') as [string, string];
    const variants = [user.email.toUpperCase(), `${local}@${domain.toUpperCase()}`, `  ${user.email}  `, `${local[0]!.toUpperCase()}${local.slice(1)}@${domain}`];
    for (let i = 0; i < 10; i++) await attempt(variants[i % variants.length]!, `wrong-${i}`).expect(401);
    await attempt(user.email, user.password).expect(401);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).not.toBeNull();
  });

  it('leaves no row anywhere for failures on an unknown email, which can still register and log in later', async () => {
    const email = uniqueEmail('ghost');
    const ip = uniqueLoopbackIp();
    const userAgent = `brute-force-probe-${randomUUID()}`;
    const needles = [email, ip, userAgent];
    const before = await rowsMentioning(prisma, needles);
    expect(Object.values(before).every((count) => count === 0)).toBe(true);

    for (let i = 0; i < 12; i++) {
      const spelling = i % 2 === 0 ? email : email.toUpperCase();
      const answer = await t.http().post('/auth/login').agent(from(ip)).set('User-Agent', userAgent).send({ email: spelling, password: `guess-${i}` });
      expectErrorShape(answer, 401, 'invalid_credentials');
    }
    expect(await rowsMentioning(prisma, needles)).toEqual(before);

    const password = strongPassword();
    await t.http().post('/auth/register').send({ email, password }).expect(201);
    await login(t.http, { email, password });
    // The probe does see rows once there are some.
    expect((await rowsMentioning(prisma, [email])).User).toBe(1);
  });
});

describe('Rate limits on the credential routes, shared through Redis (e2e)', () => {
  let limited: TestApp;
  let second: TestApp;
  let proxied: TestApp;
  /** An unlimited app on the same database and keys, for setting up users without touching any bucket. */
  let setup: TestApp;

  beforeAll(async () => {
    [limited, second, proxied, setup] = await Promise.all([
      createTestApp(LIMITED),
      createTestApp(LIMITED),
      createTestApp({ ...LIMITED, TRUST_PROXY: 'true' }),
      createTestApp(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([limited, second, proxied, setup].map((app) => app?.close()));
    for (const agent of agents.values()) agent.destroy();
  });

  it('answers the 6th login attempt from one IP with 429, a numeric Retry-After and the error shape', async () => {
    const ip = uniqueLoopbackIp();
    for (let i = 0; i < 5; i++) await attemptLogin(limited, ip, uniqueEmail(), 'wrong-password').expect(401);
    expectTooManyRequests(await attemptLogin(limited, ip, uniqueEmail(), 'wrong-password'));
  });

  it('ignores a rotating X-Forwarded-For when TRUST_PROXY is off (the default)', async () => {
    const ip = uniqueLoopbackIp();
    for (let i = 0; i < 5; i++) {
      await attemptLogin(limited, ip, uniqueEmail(), 'wrong-password', { 'X-Forwarded-For': uniqueForwardedIp() }).expect(401);
    }
    expectTooManyRequests(await attemptLogin(limited, ip, uniqueEmail(), 'wrong-password', { 'X-Forwarded-For': uniqueForwardedIp() }));
  });

  it('gives each forwarded client its own bucket when TRUST_PROXY is on', async () => {
    const proxy = uniqueLoopbackIp();
    const [client, other] = [uniqueForwardedIp(), uniqueForwardedIp()];
    for (let i = 0; i < 5; i++) {
      await attemptLogin(proxied, proxy, uniqueEmail(), 'wrong-password', { 'X-Forwarded-For': client }).expect(401);
    }
    expectTooManyRequests(await attemptLogin(proxied, proxy, uniqueEmail(), 'wrong-password', { 'X-Forwarded-For': client }));
    await attemptLogin(proxied, proxy, uniqueEmail(), 'wrong-password', { 'X-Forwarded-For': other }).expect(401);
  });

  it('still limits attempts on one account from many forwarded addresses when TRUST_PROXY is on', async () => {
    const user = await registerUser(setup.http);
    const proxy = uniqueLoopbackIp();
    for (let i = 0; i < 5; i++) {
      await attemptLogin(proxied, proxy, user.email, `wrong-${i}`, { 'X-Forwarded-For': uniqueForwardedIp() }).expect(401);
    }
    // Even the right password from a fresh address: the account's bucket is empty.
    expectTooManyRequests(await attemptLogin(proxied, proxy, user.email, user.password, { 'X-Forwarded-For': uniqueForwardedIp() }));
  });

  it('shares the counters between two instances: 3 attempts on one and 3 on the other make the 6th a 429', async () => {
    const ip = uniqueLoopbackIp();
    for (let i = 0; i < 3; i++) await attemptLogin(limited, ip, uniqueEmail(), 'wrong-password').expect(401);
    for (let i = 0; i < 2; i++) await attemptLogin(second, ip, uniqueEmail(), 'wrong-password').expect(401);
    expectTooManyRequests(await attemptLogin(second, ip, uniqueEmail(), 'wrong-password'));
  });

  it('limits token refresh per IP, refused tokens included', async () => {
    const ip = uniqueLoopbackIp();
    const refresh = () => limited.http().post('/auth/token').agent(from(ip)).send({ refreshToken: `garbage-${randomUUID()}` });
    for (let i = 0; i < 5; i++) await refresh().expect(401);
    expectTooManyRequests(await refresh());
  });

  it('limits re-authentication per IP and per account', async () => {
    const user = await registerUser(setup.http);
    const { accessToken } = await login(setup.http, user);
    const reauthenticate = (ip: string, password: string) =>
      limited.http().post('/auth/reauthenticate').agent(from(ip)).set(...bearer(accessToken)).send({ password });
    const ip = uniqueLoopbackIp();
    for (let i = 0; i < 5; i++) await reauthenticate(ip, `wrong-${i}`).expect(401);
    expectTooManyRequests(await reauthenticate(ip, user.password));
    // Another address does not help: the account's own bucket is spent too.
    expectTooManyRequests(await reauthenticate(uniqueLoopbackIp(), user.password));
  });

  it('limits registration per IP', async () => {
    const ip = uniqueLoopbackIp();
    const register = () => limited.http().post('/auth/register').agent(from(ip)).send({ email: uniqueEmail(), password: strongPassword() });
    for (let i = 0; i < 5; i++) await register().expect(201);
    expectTooManyRequests(await register());
  });
});
