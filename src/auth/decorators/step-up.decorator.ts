import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { StepUpGuard } from '../guards/step-up.guard.js';

export const STEP_UP = 'keystep:stepUp';

export interface StepUpOptions {
  /** Stricter limit, in seconds, on the time since the credential check behind the token (`now - auth_time`). */
  maxAge?: number;
}

/**
 * Marks a sensitive route: it needs an access token minted by a credential login or re-authentication,
 * still inside its step-up window, from a session that is still alive. Bundles the guard and the
 * OpenAPI description so the document always tells the truth about the route.
 */
export function StepUp(options: StepUpOptions = {}) {
  const limit = options.maxAge !== undefined ? ` and at most ${options.maxAge} s since the last password check` : '';
  return applyDecorators(
    SetMetadata(STEP_UP, options),
    UseGuards(StepUpGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description:
        `Step-up required: a token from a recent credential login or POST /auth/reauthenticate${limit}. ` +
        'Otherwise 401 with error "insufficient_user_authentication" and a WWW-Authenticate challenge carrying max_age (RFC 9470).',
    }),
  );
}
