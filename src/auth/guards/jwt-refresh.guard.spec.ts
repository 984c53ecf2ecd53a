import { randomUUID } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error.js';
import type { PresentedRefreshToken } from '../strategies/jwt-refresh.strategy.js';
import { JwtRefreshGuard } from './jwt-refresh.guard.js';

describe('JwtRefreshGuard.handleRequest', () => {
  const guard = new JwtRefreshGuard();
  const presented: PresentedRefreshToken = {
    claims: { iss: 'keystep', aud: 'keystep-refresh', sub: randomUUID(), sid: randomUUID(), jti: randomUUID(), iat: 1, exp: 2 },
    tokenHash: 'hash',
    sessionExpiresAt: new Date(2_000),
  };

  it('passes a token the strategy accepted', () => {
    expect(guard.handleRequest(null, presented)).toBe(presented);
  });

  it('answers a token the strategy refused with invalid_grant', () => {
    let thrown: unknown;
    try {
      guard.handleRequest(null, false);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('invalid_grant');
    expect((thrown as ApiError).getStatus()).toBe(401);
  });

  it('lets a failed session lookup through as a server error instead of invalid_grant', () => {
    const outage = new Error('Database unavailable');
    expect(() => guard.handleRequest(outage, false)).toThrow(outage);
  });
});
