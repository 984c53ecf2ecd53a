import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { SecurityEventType } from '../../security-events/security-event-types.js';
import { SecurityEventService } from '../../security-events/security-event.service.js';
import type { RequestContext } from '../decorators/request-context.decorator.js';
import { RefreshTokenService } from '../tokens/refresh-token.service.js';
import { nowInSeconds, toSeconds } from '../tokens/token-claims.js';
import { refreshTokenWindow, secondsToDate } from './session-lifetime.js';
import { SessionStatusService } from './session-status.service.js';

export interface StartedSession {
  sessionId: string;
  authTime: number;
  amr: string[];
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

@Injectable()
export class SessionService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly events: SecurityEventService,
    private readonly status: SessionStatusService,
  ) {}

  /**
   * One session per credential login, with its first refresh token and the login event, as one
   * statement (atomic on its own). Prisma's nested create in a batch transaction sent five statements
   * and cost ~2 ms of CPU per login, a tenth of the password hash that a login is otherwise made of.
   * Times come from the app's clock, as Prisma's `@default(now())` does: the columns hold UTC whatever
   * the database's time zone.
   */
  async start(userId: string, amr: string[], client: RequestContext): Promise<StartedSession> {
    const now = new Date();
    const authTime = toSeconds(now);
    const sessionId = randomUUID();
    const tokenId = randomUUID();
    const expiresAt = secondsToDate(authTime + this.config.session.maxAge);
    const window = refreshTokenWindow(this.config.jwt.refreshTtl, expiresAt);
    const refreshToken = this.refreshTokens.sign({ userId, sessionId, tokenId, ...window });
    const loginEvent = this.events.insertStatement(SecurityEventType.LoginSucceeded, {
      userId,
      sessionId,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await this.prisma.$executeRaw`
      WITH session AS (
        INSERT INTO "Session" (id, "userId", "authTime", amr, ip, "userAgent", "createdAt", "lastUsedAt", "expiresAt")
        VALUES (${sessionId}::uuid, ${userId}::uuid, ${secondsToDate(authTime)}, ${amr}::text[], ${client.ip},
                ${client.userAgent ?? null}, ${now}, ${now}, ${expiresAt})
        RETURNING id
      ), token AS (
        INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "issuedAt", "expiresAt")
        SELECT ${tokenId}::uuid, session.id, ${this.refreshTokens.hash(refreshToken)},
               ${secondsToDate(window.issuedAt)}, ${secondsToDate(window.expiresAt)}
        FROM session
        RETURNING id
      ), event AS (${loginEvent} RETURNING id)
      SELECT 1`;
    return { sessionId, authTime, amr, refreshToken, refreshExpiresIn: window.expiresAt - window.issuedAt };
  }

  /** Live sessions of a user: not revoked, within their absolute lifetime and not idle for too long. */
  async list(userId: string, currentSessionId: string): Promise<SessionView[]> {
    const sessions = await this.prisma.session.findMany({
      where: { userId, ...this.status.liveWhere() },
      orderBy: { lastUsedAt: 'desc' },
      select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, userAgent: true, ip: true },
    });
    return sessions.map((session) => ({ ...session, current: session.id === currentSessionId }));
  }

  /** Re-authentication: records a new credential check on a live session; undefined when it is gone. */
  async renewAuthTime(sessionId: string, userId: string, amr: string[]): Promise<number | undefined> {
    const authTime = nowInSeconds();
    const { count } = await this.prisma.session.updateMany({
      where: { id: sessionId, userId, ...this.status.liveWhere() },
      data: { authTime: secondsToDate(authTime), amr },
    });
    return count > 0 ? authTime : undefined;
  }

  /** Revokes one session of the user; false when it is not theirs (or already gone). */
  async revoke(sessionId: string, userId: string, reason: string, client?: RequestContext): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: sessionId, userId, revokedAt: null },
        data: { revokedAt: new Date(), revokedReason: reason },
      });
      if (count > 0) {
        await this.events.record(
          SecurityEventType.SessionRevoked,
          { userId, sessionId, ip: client?.ip, userAgent: client?.userAgent, details: { reason } },
          tx,
        );
      }
      return count > 0;
    });
  }

  /** logout-all: every session of the user, this one included, revoked with its event in one transaction. */
  async logOutEverywhere(userId: string, currentSessionId: string, client: RequestContext): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const count = await this.revokeAll(userId, 'logout_all', { tx });
      await this.events.record(
        SecurityEventType.AllSessionsRevoked,
        { userId, sessionId: currentSessionId, ip: client.ip, userAgent: client.userAgent, details: { count } },
        tx,
      );
    });
  }

  /** Revokes every session of the user but `exceptSessionId`; pass a transaction to join a larger change. */
  async revokeAll(
    userId: string,
    reason: string,
    options: { exceptSessionId?: string; tx?: Prisma.TransactionClient } = {},
  ): Promise<number> {
    const writer = options.tx ?? this.prisma;
    const { count } = await writer.session.updateMany({
      where: { userId, revokedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    return count;
  }
}
