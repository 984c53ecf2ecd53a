import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { PresentedRefreshToken } from '../strategies/jwt-refresh.strategy.js';

/** The refresh token checked by `JwtRefreshGuard`. */
export const PresentedRefresh = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PresentedRefreshToken => context.switchToHttp().getRequest().user,
);
