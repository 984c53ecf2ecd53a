import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';

/** Whether a session is still alive: read by every role, so step-up sees revocations at once everywhere. */
@Injectable()
export class SessionStatusService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  /** One lookup by primary key; the step-up guard calls it on every sensitive request. */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const session = await this.prisma.session.findFirst({
      where: { id: sessionId, userId, ...this.liveWhere() },
      select: { id: true },
    });
    return session !== null;
  }

  /** Not revoked, within the absolute lifetime, and used within the idle lifetime. */
  liveWhere(): Prisma.SessionWhereInput {
    const now = new Date();
    return {
      revokedAt: null,
      expiresAt: { gt: now },
      lastUsedAt: { gt: new Date(now.getTime() - this.config.jwt.refreshTtl * 1000) },
    };
  }
}
