import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { JwtHeader } from 'jsonwebtoken';
import { ExtractJwt, Strategy, type StrategyOptionsWithRequest } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import { PrismaService } from '../../prisma/prisma.service.js';
import { isRefreshToken, RefreshTokenService } from '../tokens/refresh-token.service.js';
import { REFRESH_TOKEN_ALGORITHMS, type RefreshTokenClaims } from '../tokens/token-claims.js';
import { RefreshTokenKey } from '../tokens/refresh-token-key.js';

/** A refresh token that verified and still matches a live session; rotation decides the rest. */
export interface PresentedRefreshToken {
  claims: RefreshTokenClaims;
  tokenHash: string;
  /** The session's absolute end (it never moves), so rotation can cap the successor without reading it again. */
  sessionExpiresAt: Date;
}

interface LookupRow {
  tokenId: string;
  sessionId: string;
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
}

/** Refresh tokens, from the `refreshToken` body field: signature and kind, then the stored rows. */
@Injectable()
export class JwtRefreshStrategy extends PassportStrategy(Strategy, 'jwt-refresh') {
  constructor(
    private readonly config: AppConfig,
    refreshKey: RefreshTokenKey,
    private readonly prisma: PrismaService,
    private readonly refreshTokens: RefreshTokenService,
  ) {
    const options: StrategyOptionsWithRequest = {
      jwtFromRequest: ExtractJwt.fromBodyField('refreshToken'),
      secretOrKey: refreshKey.key as unknown as string,
      algorithms: [...REFRESH_TOKEN_ALGORITHMS],
      issuer: config.jwt.issuer,
      audience: config.jwt.refreshAudience,
      jsonWebTokenOptions: { complete: true, clockTolerance: config.jwt.clockToleranceSeconds },
      passReqToCallback: true,
    };
    super(options);
  }

  async validate(
    request: FastifyRequest,
    decoded: { header: JwtHeader; payload: unknown },
  ): Promise<PresentedRefreshToken | false> {
    if (!isRefreshToken(decoded.header, decoded.payload, this.config.jwt.clockToleranceSeconds)) return false;
    const claims = decoded.payload;
    const tokenHash = this.refreshTokens.hash((request.body as { refreshToken: string }).refreshToken);
    // One statement (a relation select would be two): the token row by its hash, with its session.
    const [row] = await this.prisma.$queryRaw<LookupRow[]>`
      SELECT t.id::text AS "tokenId", s.id::text AS "sessionId", s."userId"::text AS "userId",
             s."revokedAt" AS "revokedAt", s."expiresAt" AS "expiresAt"
      FROM "RefreshToken" t JOIN "Session" s ON s.id = t."sessionId"
      WHERE t."tokenHash" = ${tokenHash}`;
    const live =
      row?.tokenId === claims.jti &&
      row.sessionId === claims.sid &&
      row.userId === claims.sub &&
      row.revokedAt === null &&
      row.expiresAt > new Date();
    return live ? { claims, tokenHash, sessionExpiresAt: row.expiresAt } : false;
  }
}
