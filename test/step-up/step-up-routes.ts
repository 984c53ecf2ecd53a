import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { bearer, strongPassword, type TestUser } from '../support/factories.js';

export interface StepUpRequest {
  token?: string;
  /** Appended to the path as a query string. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Extra body fields, merged into the route's own valid body. */
  extraBody?: Record<string, unknown>;
}

/** A route protected by `@StepUp()`, with a request that succeeds (or gets past the guard) for a fresh user. */
export interface StepUpRoute {
  name: string;
  /** The route's own `maxAge`, when stricter than the step-up window. */
  maxAge?: number;
  /** Status once the step-up passes, for a user without 2FA. */
  passStatus: number;
  send(http: () => TestAgent, user: TestUser, request?: StepUpRequest): Test;
}

function post(path: string, body: (user: TestUser) => Record<string, unknown> | undefined, headers: () => Record<string, string> = () => ({})) {
  return (http: () => TestAgent, user: TestUser, request: StepUpRequest = {}): Test => {
    const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    let test = http().post(`${path}${query}`).set({ ...headers(), ...request.headers });
    if (request.token !== undefined) test = test.set(...bearer(request.token));
    const payload = body(user);
    return payload === undefined && !request.extraBody ? test : test.send({ ...payload, ...request.extraBody });
  };
}

/** Every step-up route of the application. */
export const STEP_UP_ROUTES: StepUpRoute[] = [
  {
    name: 'POST /account/password',
    passStatus: 204,
    send: post('/account/password', (user) => ({ currentPassword: user.password, newPassword: strongPassword() })),
  },
  { name: 'POST /account/2fa/setup', maxAge: 300, passStatus: 200, send: post('/account/2fa/setup', () => undefined) },
  // Without a pending secret the answer is a 409: proof that the request got past the guard.
  { name: 'POST /account/2fa/enable', maxAge: 300, passStatus: 409, send: post('/account/2fa/enable', () => ({ otp: '000000' })) },
  { name: 'POST /account/2fa/disable', maxAge: 300, passStatus: 409, send: post('/account/2fa/disable', () => ({ otp: '000000' })) },
  {
    name: 'POST /payments',
    maxAge: 120,
    passStatus: 201,
    send: post(
      '/payments',
      () => ({ amountMinor: 1250, currency: 'EUR', description: 'step-up check' }),
      () => ({ 'Idempotency-Key': randomUUID() }),
    ),
  },
];

/** The `max_age` a route announces: its own limit or the step-up window, whichever is shorter. */
export const announcedMaxAge = (route: StepUpRoute, windowSeconds: number): number => Math.min(route.maxAge ?? windowSeconds, windowSeconds);
