import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessTokenClaims } from '../tokens/token-claims.js';

/** The verified access-token claims of the caller, as checked by the global guard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessTokenClaims => context.switchToHttp().getRequest().user,
);
