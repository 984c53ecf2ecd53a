import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { normalizeEmail } from '../../users/email.js';

const MINUTE_MS = 60_000;

/** The account a request targets, so spreading guesses over many IPs does not help either. */
function accountTracker(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  if (typeof email === 'string') return `email:${normalizeEmail(email)}`;
  const user = (request as FastifyRequest & { user?: { sub?: string } }).user;
  return user?.sub ? `user:${user.sub}` : `ip:${request.ip}`;
}

/**
 * Limits for the credential-checking routes (register, login, reauthenticate, refresh, 2FA codes):
 * RATE_LIMIT_PER_MINUTE per client IP and, separately, per target account.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        setHeaders: false,
        throttlers: [
          { name: 'ip', ttl: MINUTE_MS, limit: config.rateLimit.perMinute, getTracker: (request) => `ip:${(request as FastifyRequest).ip}` },
          { name: 'account', ttl: MINUTE_MS, limit: config.rateLimit.perMinute, getTracker: (request) => accountTracker(request as FastifyRequest) },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
