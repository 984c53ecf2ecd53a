import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AuthErrors } from '../auth-errors.js';
import type { PresentedRefreshToken } from '../strategies/jwt-refresh.strategy.js';

/** Guards the refresh endpoint; every failure is the same `invalid_grant`. */
@Injectable()
export class JwtRefreshGuard extends AuthGuard('jwt-refresh') {
  override handleRequest<T = PresentedRefreshToken>(error: unknown, presented: T | false): T {
    if (error || !presented) throw AuthErrors.invalidGrant();
    return presented;
  }
}
