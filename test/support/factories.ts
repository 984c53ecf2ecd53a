import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';

export interface TokenPairBody {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  secureUntil: number | null;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${randomUUID()}@example.com`;

/** A password no list will ever hold. */
export const strongPassword = (): string => `pw-${randomUUID()}`;

export async function registerUser(http: () => TestAgent, overrides: Partial<Omit<TestUser, 'id'>> = {}): Promise<TestUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? strongPassword();
  const response = await http().post('/auth/register').send({ email, password }).expect(201);
  return { id: response.body.id, email: response.body.email, password };
}

export async function login(http: () => TestAgent, user: Pick<TestUser, 'email' | 'password'>, otp?: string): Promise<TokenPairBody> {
  const response = await http()
    .post('/auth/login')
    .send({ email: user.email, password: user.password, ...(otp ? { otp } : {}) })
    .expect(200);
  return response.body;
}

export async function registerAndLogin(http: () => TestAgent): Promise<{ user: TestUser; tokens: TokenPairBody }> {
  const user = await registerUser(http);
  return { user, tokens: await login(http, user) };
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** The decoded payload of a JWT, without verification (for assertions only). */
export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The 30-second TOTP time step of this moment. */
export const totpStep = (): number => Math.floor(Date.now() / 30_000);

/**
 * A real TOTP code of `secret` for one time step. The server accepts the steps next to its own and
 * each step once, so a test needing several codes uses `step`, `step + 1`, ... from one `totpStep()`.
 */
export async function totpCode(secret: string, step: number): Promise<string> {
  const { generate } = await import('otplib');
  return generate({ secret, epoch: step * 30 });
}

export interface EnabledTwoFactor {
  secret: string;
  recoveryCodes: string[];
  /** The time step consumed by the enabling code; the next usable code is for `usedStep + 1`. */
  usedStep: number;
}

/** Turns 2FA on with a step-up access token (setup, then enable with a real code). */
export async function enableTwoFactor(http: () => TestAgent, accessToken: string): Promise<EnabledTwoFactor> {
  const setup = await http().post('/account/2fa/setup').set(...bearer(accessToken)).expect(200);
  const usedStep = totpStep();
  const enabled = await http()
    .post('/account/2fa/enable')
    .set(...bearer(accessToken))
    .send({ otp: await totpCode(setup.body.secret, usedStep) })
    .expect(200);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes, usedStep };
}

export function reauthenticate(http: () => TestAgent, accessToken: string, password: string, otp?: string) {
  return http()
    .post('/auth/reauthenticate')
    .set(...bearer(accessToken))
    .send({ password, ...(otp ? { otp } : {}) });
}

/** An access token minted by a refresh (which spends `refreshToken`): valid, but never good enough for step-up. */
export async function refreshMintedToken(http: () => TestAgent, refreshToken: string): Promise<string> {
  const response = await http().post('/auth/token').send({ refreshToken }).expect(200);
  return response.body.accessToken;
}

/** The decoded header of a JWT, without verification (for assertions only). */
export function decodeJwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}

/** The error shape every failure answers with, for `toEqual`. */
export const errorBody = (statusCode: number, error: string) => ({ statusCode, error, message: expect.any(String) });

/** POST /auth/token as a supertest request, so callers can chain `.expect(...)`. */
export const postRefresh = (http: () => TestAgent, refreshToken: unknown) => http().post('/auth/token').send({ refreshToken });
