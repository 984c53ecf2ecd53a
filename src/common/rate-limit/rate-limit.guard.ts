import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** Answers an exceeded limit with the API's 429 shape and a plain `Retry-After` (seconds). */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    throw new ApiError(429, 'too_many_requests', 'Too many attempts; retry later', {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}
