import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PrismaService } from '../../prisma/prisma.service.js';

/**
 * Per-account lockout: LOCKOUT_THRESHOLD failures within LOCKOUT_DURATION lock the account for
 * LOCKOUT_DURATION. Counted in the user row with one atomic statement, so parallel guesses from
 * any number of instances all count. Unknown emails have no row and so leave no trace.
 */
@Injectable()
export class AccountLockoutService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  isLocked(user: { lockedUntil: Date | null }): boolean {
    return user.lockedUntil !== null && user.lockedUntil > new Date();
  }

  /** Counts one failure; returns true when this failure locked the account. */
  async recordFailure(userId: string): Promise<boolean> {
    const { threshold, duration } = this.config.lockout;
    // Prisma's query builder cannot express "increment, or restart the window" in one statement.
    const rows = await this.prisma.$queryRaw<{ locked: boolean }[]>`
      WITH counted AS (
        SELECT id,
               CASE WHEN "failedLoginSince" IS NULL OR "failedLoginSince" < timezone('UTC', now()) - make_interval(secs => ${duration})
                    THEN 1 ELSE "failedLoginCount" + 1 END AS failures,
               CASE WHEN "failedLoginSince" IS NULL OR "failedLoginSince" < timezone('UTC', now()) - make_interval(secs => ${duration})
                    THEN timezone('UTC', now()) ELSE "failedLoginSince" END AS since
        FROM "User" WHERE id = ${userId}::uuid FOR UPDATE
      )
      UPDATE "User" u SET
        "failedLoginCount" = CASE WHEN c.failures >= ${threshold} THEN 0 ELSE c.failures END,
        "failedLoginSince" = CASE WHEN c.failures >= ${threshold} THEN NULL ELSE c.since END,
        "lockedUntil" = CASE WHEN c.failures >= ${threshold} THEN timezone('UTC', now()) + make_interval(secs => ${duration}) ELSE u."lockedUntil" END
      FROM counted c WHERE u.id = c.id
      RETURNING c.failures >= ${threshold} AS locked`;
    return rows[0]?.locked ?? false;
  }

  /** A success before the limit starts the count again. */
  async reset(user: { id: string; failedLoginCount: number }): Promise<void> {
    if (user.failedLoginCount === 0) return;
    await this.prisma.user.update({
      where: { id: user.id },
      data: { failedLoginCount: 0, failedLoginSince: null },
    });
  }
}
