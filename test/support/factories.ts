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

export async function refresh(http: () => TestAgent, refreshToken: string) {
  return http().post('/auth/token').send({ refreshToken });
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** The decoded payload of a JWT, without verification (for assertions only). */
export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
