import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthErrors } from '../auth-errors.js';
import { IS_PUBLIC } from '../decorators/public.decorator.js';
import { JwtStrategy, NO_TOKEN } from '../strategies/jwt.strategy.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';

/**
 * The global guard: every route needs a valid access token unless it is marked `@Public()`.
 *
 * It runs the `jwt` strategy's check itself instead of through `AuthGuard('jwt')`: passport.authenticate()
 * decorates every request with its login helpers and wraps the check in closures and promises, which cost
 * more than the rest of a cached-token request (~25 us of ~47 us) and pushed that garbage into the old
 * generation (bench/README.md). The strategy stays registered, so `AuthGuard('jwt')` gives the same answers.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AccessTokenClaims }>();
    let claims: AccessTokenClaims | false = false;
    let failure: unknown = null;
    try {
      claims = await this.strategy.validate(request);
    } catch (error) {
      failure = error;
    }
    request.user = this.handleRequest(failure, claims);
    return true;
  }

  /** Same contract as passport's callback: claims, or the 401 that fits the failure. */
  handleRequest(error: unknown, claims: AccessTokenClaims | false): AccessTokenClaims {
    if (claims && !error) return claims;
    if (error instanceof Error && error.message === NO_TOKEN) throw AuthErrors.missingToken();
    throw AuthErrors.invalidToken();
  }
}
