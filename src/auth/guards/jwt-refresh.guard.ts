import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AuthErrors } from '../auth-errors.js';
import type { PresentedRefreshToken } from '../strategies/jwt-refresh.strategy.js';

/** Guards the refresh endpoint; every failure of the token is the same `invalid_grant`. */
@Injectable()
export class JwtRefreshGuard extends AuthGuard('jwt-refresh') {
  override handleRequest<T = PresentedRefreshToken>(error: unknown, presented: T | false): T {
    // Token problems arrive as `presented === false`; an error is the session lookup failing (database
    // down). A 401 would make clients throw away a good session, so it stays a server error to retry.
    if (error) throw error;
    if (!presented) throw AuthErrors.invalidGrant();
    return presented;
  }
}
