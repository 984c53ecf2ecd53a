import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { hasCoreClaims, nowInSeconds, REFRESH_TOKEN_ALGORITHMS, REFRESH_TOKEN_TYPE, type RefreshTokenClaims } from './token-claims.js';
import { RefreshTokenKey } from './refresh-token-key.js';

export interface RefreshTokenFields {
  userId: string;
  sessionId: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Refresh tokens are HS256 JWTs. Signing is deterministic, so the token for a stored row can be
 * re-created from its fields: that is how a racing tab gets the *same* successor back while the
 * database holds only a hash of it.
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly refreshKey: RefreshTokenKey,
  ) {}

  sign(fields: RefreshTokenFields): string {
    // Fixed claim order keeps the serialisation (and so the signature) identical on every call.
    const claims: RefreshTokenClaims = {
      iss: this.config.jwt.issuer,
      aud: this.config.jwt.refreshAudience,
      sub: fields.userId,
      sid: fields.sessionId,
      jti: fields.tokenId,
      iat: fields.issuedAt,
      exp: fields.expiresAt,
    };
    return jwt.sign(claims, this.refreshKey.key, {
      algorithm: REFRESH_TOKEN_ALGORITHMS[0],
      header: { alg: REFRESH_TOKEN_ALGORITHMS[0], typ: REFRESH_TOKEN_TYPE },
    });
  }

  /** Verifies signature, kind, issuer, audience and expiry; returns undefined for anything else. */
  verify(token: string): RefreshTokenClaims | undefined {
    try {
      const decoded = jwt.verify(token, this.refreshKey.key, {
        algorithms: [...REFRESH_TOKEN_ALGORITHMS],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.refreshAudience,
        clockTolerance: this.config.jwt.clockToleranceSeconds,
        complete: true,
      });
      return isRefreshToken(decoded.header, decoded.payload, this.config.jwt.clockToleranceSeconds) ? decoded.payload : undefined;
    } catch {
      return undefined;
    }
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }
}

/** Kind and shape of a refresh token; jsonwebtoken checks `exp`/`nbf` but not an `iat` in the future. */
export function isRefreshToken(header: jwt.JwtHeader, payload: unknown, clockTolerance: number): payload is RefreshTokenClaims {
  if (header.typ !== REFRESH_TOKEN_TYPE || typeof payload !== 'object' || payload === null) return false;
  // jsonwebtoken ignores `crit`; RFC 7515 4.1.11 requires refusing extensions not understood (we use none).
  if (header.crit !== undefined) return false;
  const claims = payload as Partial<RefreshTokenClaims>;
  return (
    hasCoreClaims(claims) &&
    claims.iat! <= nowInSeconds() + clockTolerance
  );
}
