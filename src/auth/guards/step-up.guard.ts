import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { ApiError } from '../../common/errors/api-error.js';
import { bearerChallenge } from '../../common/errors/www-authenticate.js';
import { SecurityEventType } from '../../security-events/security-event-types.js';
import { SecurityEventService } from '../../security-events/security-event.service.js';
import { AuthErrors } from '../auth-errors.js';
import { STEP_UP, type StepUpOptions } from '../decorators/step-up.decorator.js';
import { SessionStatusService } from '../sessions/session-status.service.js';
import { type AccessTokenClaims, nowInSeconds } from '../tokens/token-claims.js';

export const INSUFFICIENT_USER_AUTHENTICATION = 'insufficient_user_authentication';

/**
 * Runs after the global access guard. Passes only a high-trust token (credential login or
 * re-authentication) inside its `secureUntil` window and the route's `maxAge`, from a live session.
 * Everything it reads comes from the signed token or the database, never from the request body.
 */
@Injectable()
export class StepUpGuard implements CanActivate {
  private readonly logger = new Logger('StepUp');

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly sessions: SessionStatusService,
    private readonly events: SecurityEventService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AccessTokenClaims }>();
    const claims = request.user;
    if (!claims) throw AuthErrors.missingToken();

    const options = this.reflector.getAllAndOverride<StepUpOptions | undefined>(STEP_UP, [context.getHandler(), context.getClass()]) ?? {};
    const maxAge = Math.min(options.maxAge ?? this.config.stepUp.window, this.config.stepUp.window);
    const reason = this.denialReason(claims, options, nowInSeconds());
    if (reason === undefined && (await this.sessions.isLive(claims.sid, claims.sub))) return true;

    const why = reason ?? 'session_not_active';
    this.logger.warn({ userId: claims.sub, sessionId: claims.sid, reason: why, route: request.routeOptions?.url }, 'step-up denied');
    await this.events.record(SecurityEventType.StepUpDenied, {
      userId: claims.sub,
      sessionId: claims.sid,
      ip: request.ip,
      userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
      details: { reason: why, route: request.routeOptions?.url ?? null },
    });
    throw stepUpChallenge(maxAge);
  }

  private denialReason(claims: AccessTokenClaims, options: StepUpOptions, now: number): string | undefined {
    if (claims.isSecure !== true || claims.authType !== 'credentials') return 'not_credential_token';
    if (typeof claims.secureUntil !== 'number' || claims.secureUntil <= now) return 'step_up_window_passed';
    if (options.maxAge !== undefined && now - claims.auth_time > options.maxAge) return 'max_age_exceeded';
    return undefined;
  }
}

/** The RFC 9470 challenge: the client should re-authenticate and retry. */
export function stepUpChallenge(maxAge: number): ApiError {
  const description = 'A recent password check is required for this action; re-authenticate and retry';
  return new ApiError(401, INSUFFICIENT_USER_AUTHENTICATION, description, {
    challenge: bearerChallenge({ error: INSUFFICIENT_USER_AUTHENTICATION, error_description: description, max_age: maxAge }),
  });
}
