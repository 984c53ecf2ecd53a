import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../generated/prisma/client.js';
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

  /**
   * The event's INSERT as a SQL fragment, for a caller that writes it inside its own single statement
   * (a data-modifying CTE): the row commits with the change it describes, in one round trip.
   */
  insertStatement(type: SecurityEventType, event: SecurityEventInput): Prisma.Sql {
    this.logged(type, event);
    const details = event.details === undefined ? null : JSON.stringify(event.details);
    // id and createdAt as Prisma's client-side defaults would fill them (createdAt in UTC).
    return Prisma.sql`INSERT INTO "SecurityEvent" (id, type, "userId", "sessionId", ip, "userAgent", details, "createdAt")
      VALUES (${randomUUID()}::uuid, ${type}, ${event.userId ?? null}::uuid, ${event.sessionId ?? null}::uuid,
              ${event.ip ?? null}, ${event.userAgent ?? null}, ${details}::jsonb, ${new Date()})`;
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
