import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../prisma/prisma.service.js';
import type { RequestContext } from '../decorators/request-context.decorator.js';
import { RefreshTokenService } from '../tokens/refresh-token.service.js';
import { SessionService } from './session.service.js';

@Injectable()
export class LogoutService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Revokes the session behind a refresh token. Unknown, expired or forged tokens are ignored
   * silently: logout must be safe to retry and must not reveal which tokens exist.
   */
  async logout(refreshToken: string, client: RequestContext): Promise<void> {
    const claims = this.refreshTokens.verify(refreshToken);
    if (!claims) return;
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: this.refreshTokens.hash(refreshToken) },
      select: { sessionId: true },
    });
    if (row?.sessionId !== claims.sid) return;
    await this.sessions.revoke(claims.sid, claims.sub, 'logout', client);
  }
}
