import { Injectable, Logger } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { pageQuery } from '../common/pagination/page.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { SecurityEventType } from './security-event-types.js';

export interface SecurityEventInput {
  userId?: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Prisma.InputJsonObject;
}

type Writer = Pick<PrismaService, 'securityEvent'> | Prisma.TransactionClient;

/** Appends to the security event log; pass the transaction client to write with the change it describes. */
@Injectable()
export class SecurityEventService {
  private readonly logger = new Logger('SecurityEvents');

  constructor(private readonly prisma: PrismaService) {}

  async record(type: SecurityEventType, event: SecurityEventInput, writer: Writer = this.prisma): Promise<void> {
    await writer.securityEvent.create(this.row(type, event));
    this.logged(type, event);
  }

  /** The insert, unsent, for a batch `$transaction([...])` with the change it describes. */
  recordInBatch(type: SecurityEventType, event: SecurityEventInput) {
    this.logged(type, event);
    return this.prisma.securityEvent.create(this.row(type, event));
  }

  private row(type: SecurityEventType, event: SecurityEventInput) {
    return {
      data: {
        type,
        userId: event.userId ?? null,
        sessionId: event.sessionId ?? null,
        ip: event.ip ?? null,
        userAgent: event.userAgent ?? null,
        details: event.details,
      },
    };
  }

  private logged(type: SecurityEventType, event: SecurityEventInput): void {
    this.logger.log({ event: type, userId: event.userId, sessionId: event.sessionId, ip: event.ip }, 'security event');
  }

  /** One page of a user's events, newest first (rows fetched with `take: limit + 1`, for `toPage`). */
  list(userId: string, page: { limit: number; cursor?: string }) {
    const { where, ...order } = pageQuery(page);
    return this.prisma.securityEvent.findMany({
      where: { userId, ...where },
      ...order,
      select: { id: true, type: true, sessionId: true, ip: true, userAgent: true, createdAt: true },
    });
  }
}
