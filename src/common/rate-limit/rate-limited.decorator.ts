import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.guard.js';

/** Limits a credential-checking route per client IP and per account; 429 with Retry-After beyond. */
export const RateLimited = () =>
  applyDecorators(
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ description: 'Too many attempts; see the Retry-After header' }),
  );
