import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { SecurityEventType } from '../../security-events/security-event-types.js';
import { SecurityEventService } from '../../security-events/security-event.service.js';
import { AuthErrors } from '../auth-errors.js';
import type { RequestContext } from '../decorators/request-context.decorator.js';
import type { PresentedRefreshToken } from '../strategies/jwt-refresh.strategy.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import { RefreshTokenService } from '../tokens/refresh-token.service.js';
import { nowInSeconds, toSeconds } from '../tokens/token-claims.js';
import { type TokenPair, toTokenPair } from '../tokens/token-pair.js';
import { refreshTokenWindow, secondsToDate } from './session-lifetime.js';

type Outcome =
  | { kind: 'rotated'; refreshToken: string; refreshExpiresAt: number; authTime: number; amr: string[] }
  | { kind: 'reuse' }
  | { kind: 'invalid' };

/**
 * Refresh-token rotation. The presented token is consumed with an atomic compare-and-set, so of any
 * number of concurrent refreshes exactly one creates the successor. The others (a second tab racing
 * the first) get that same successor back while it is unused and the grace window lasts. Any other
 * replay is treated as theft: the whole session is revoked and the event recorded.
 */
@Injectable()
export class RefreshRotationService {
  private readonly logger = new Logger('RefreshRotation');

  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly accessTokens: AccessTokenService,
    private readonly events: SecurityEventService,
  ) {}

  async rotate(presented: PresentedRefreshToken, client: RequestContext): Promise<TokenPair> {
    const outcome =
      (await this.rotateInOneStatement(presented)) ??
      (await this.prisma.$transaction((tx) => this.consume(tx, presented, client)));
    if (outcome.kind === 'reuse') {
      this.logger.warn({ sessionId: presented.claims.sid, userId: presented.claims.sub }, 'refresh token reuse: session revoked');
    }
    if (outcome.kind !== 'rotated') throw AuthErrors.invalidGrant();

    const access = await this.accessTokens.issue({
      userId: presented.claims.sub,
      sessionId: presented.claims.sid,
      authTime: outcome.authTime,
      amr: outcome.amr,
      authType: 'refresh',
    });
    return toTokenPair(access, outcome.refreshToken, Math.max(0, outcome.refreshExpiresAt - nowInSeconds()));
  }

  /**
   * The common case (an unused token of a live session) as one atomic statement: consume the token
   * (compare-and-set), touch the session and insert the successor. Prisma's interactive transaction
   * needs six round trips for the same; this is the hot path of every client. Anything else (a race
   * loser, a replay, a dead session, whose token is then marked used all the same) returns undefined
   * and takes `consume`.
   */
  private async rotateInOneStatement(presented: PresentedRefreshToken): Promise<Outcome | undefined> {
    const { claims, tokenHash, sessionExpiresAt } = presented;
    const now = new Date();
    const tokenId = randomUUID();
    const window = refreshTokenWindow(this.config.jwt.refreshTtl, sessionExpiresAt);
    const refreshToken = this.refreshTokens.sign({ userId: claims.sub, sessionId: claims.sid, tokenId, ...window });
    const rows = await this.prisma.$queryRaw<{ authTime: Date; amr: string[] }[]>`
      WITH consumed AS (
        UPDATE "RefreshToken" SET "usedAt" = ${now}
        WHERE id = ${claims.jti}::uuid AND "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}
        RETURNING "sessionId"
      ), live AS (
        UPDATE "Session" s SET "lastUsedAt" = ${now}
        FROM consumed c
        WHERE s.id = c."sessionId" AND s.id = ${claims.sid}::uuid AND s."userId" = ${claims.sub}::uuid
          AND s."revokedAt" IS NULL AND s."expiresAt" > ${now}
        RETURNING s.id, s."authTime", s.amr
      ), successor AS (
        INSERT INTO "RefreshToken" (id, "sessionId", "tokenHash", "parentId", "issuedAt", "expiresAt")
        SELECT ${tokenId}::uuid, live.id, ${this.refreshTokens.hash(refreshToken)}, ${claims.jti}::uuid,
               ${secondsToDate(window.issuedAt)}, ${secondsToDate(window.expiresAt)}
        FROM live
        RETURNING id
      )
      SELECT live."authTime" AS "authTime", live.amr AS amr FROM live JOIN successor ON true`;
    const row = rows[0];
    if (!row) return undefined;
    return { kind: 'rotated', refreshToken, refreshExpiresAt: window.expiresAt, authTime: toSeconds(row.authTime), amr: row.amr };
  }

  private async consume(tx: Prisma.TransactionClient, presented: PresentedRefreshToken, client: RequestContext): Promise<Outcome> {
    const { claims, tokenHash } = presented;
    const now = new Date();
    const session = await tx.session.findUnique({
      where: { id: claims.sid },
      select: { userId: true, revokedAt: true, expiresAt: true, authTime: true, amr: true },
    });
    if (!session || session.userId !== claims.sub || session.revokedAt || session.expiresAt <= now) {
      return { kind: 'invalid' };
    }
    const live = { authTime: toSeconds(session.authTime), amr: session.amr };

    const used = await tx.refreshToken.findUnique({
      where: { id: claims.jti },
      select: { tokenHash: true, usedAt: true, child: { select: { id: true, usedAt: true, issuedAt: true, expiresAt: true } } },
    });
    if (!used || used.tokenHash !== tokenHash || !used.usedAt) return { kind: 'invalid' };

    const graceMs = this.config.session.reuseGrace * 1000;
    const successor = used.child;
    if (successor && !successor.usedAt && now.getTime() - used.usedAt.getTime() <= graceMs) {
      // Re-signing the stored fields yields the successor byte for byte (HS256 is deterministic).
      const refreshToken = this.refreshTokens.sign({
        userId: claims.sub,
        sessionId: claims.sid,
        tokenId: successor.id,
        issuedAt: toSeconds(successor.issuedAt),
        expiresAt: toSeconds(successor.expiresAt),
      });
      return { kind: 'rotated', refreshToken, refreshExpiresAt: toSeconds(successor.expiresAt), ...live };
    }

    await tx.session.update({
      where: { id: claims.sid },
      data: { revokedAt: now, revokedReason: 'refresh_token_reuse' },
    });
    await this.events.record(
      SecurityEventType.RefreshTokenReuseDetected,
      { userId: claims.sub, sessionId: claims.sid, ip: client.ip, userAgent: client.userAgent },
      tx,
    );
    return { kind: 'reuse' };
  }
}
