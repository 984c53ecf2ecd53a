import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthErrors } from '../auth-errors.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { NO_TOKEN } from '../strategies/jwt.strategy.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';

/** The global guard: every route needs a valid access token unless it is marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T = AccessTokenClaims>(error: unknown, claims: T | false, info: unknown): T {
    if (claims && !error) return claims;
    if (error instanceof Error && error.message === NO_TOKEN) throw AuthErrors.missingToken();
    throw AuthErrors.invalidToken();
  }
}
