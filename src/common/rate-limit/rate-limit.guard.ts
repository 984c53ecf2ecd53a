import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { normalizeEmail } from '../../users/email.js';
import { ApiError } from '../errors/api-error.js';
import { RateLimiters } from './rate-limiters.js';

/** The account a request targets, so spreading guesses over many IPs does not help either. */
function accountKey(request: FastifyRequest & { user?: { sub?: string } }): string | undefined {
  const email = (request.body as { email?: unknown } | null | undefined)?.email;
  if (typeof email === 'string') return `email:${normalizeEmail(email).slice(0, 320)}`;
  return request.user?.sub ? `user:${request.user.sub}` : undefined;
}

/**
 * RATE_LIMIT_PER_MINUTE attempts per client IP and per target account on the credential-checking
 * routes. The client IP is Fastify's `request.ip`: X-Forwarded-For counts only when TRUST_PROXY is on.
 * (@nestjs/throttler is CommonJS-only and cannot load under Jest's ESM runtime on Node 20.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiters: RateLimiters) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const account = accountKey(request);
    try {
      await Promise.all([
        this.limiters.perIp.consume(`ip:${request.ip}`),
        account ? this.limiters.perAccount.consume(account) : undefined,
      ]);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw new ApiError(429, 'too_many_requests', 'Too many attempts; retry later', { headers: { 'retry-after': retryAfter } });
    }
  }
}
