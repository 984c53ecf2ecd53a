import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config.js';
import { PrismaService } from '../../prisma/prisma.service.js';

const BATCH_SIZE = 1000;
/** Ended sessions are kept a while so the security log and "why was I logged out" stay explainable. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;

/** Deletes expired sessions (their tokens cascade) and spent refresh tokens, in small batches. */
@Injectable()
export class SessionPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionPurge');
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.run(), this.config.session.purgeInterval * 1000);
    timer.unref();
    this.scheduler.addInterval('session-purge', timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', 'session-purge')) this.scheduler.deleteInterval('session-purge');
  }

  /** Safe to run on every instance at once: each batch deletes rows by id, a second deleter finds none. */
  async run(): Promise<{ sessions: number; tokens: number }> {
    if (this.running) return { sessions: 0, tokens: 0 };
    this.running = true;
    try {
      const cutoff = new Date(Date.now() - RETENTION_MS);
      const sessions = await this.purgeInBatches(() =>
        this.prisma.$executeRaw`DELETE FROM "Session" WHERE id IN (
          SELECT id FROM "Session" WHERE "expiresAt" < ${cutoff} OR "revokedAt" < ${cutoff} LIMIT ${BATCH_SIZE})`,
      );
      const tokens = await this.purgeInBatches(() =>
        this.prisma.$executeRaw`DELETE FROM "RefreshToken" WHERE id IN (
          SELECT id FROM "RefreshToken" WHERE "expiresAt" < ${cutoff} LIMIT ${BATCH_SIZE})`,
      );
      if (sessions + tokens > 0) this.logger.log({ sessions, tokens }, 'purged expired sessions and tokens');
      return { sessions, tokens };
    } catch (error) {
      this.logger.error({ err: error }, 'session purge failed');
      return { sessions: 0, tokens: 0 };
    } finally {
      this.running = false;
    }
  }

  private async purgeInBatches(deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let deleted = BATCH_SIZE; deleted === BATCH_SIZE; total += deleted) deleted = await deleteBatch();
    return total;
  }
}
