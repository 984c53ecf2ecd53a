import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, type AccessTokenClaims, type AuthType, nowInSeconds } from './token-claims.js';
import { TokenKeys } from './token-keys.js';

export interface AccessTokenRequest {
  userId: string;
  sessionId: string;
  authTime: number;
  amr: string[];
  /** `credentials` only for a password login or re-authentication; a refresh never raises trust. */
  authType: AuthType;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  secureUntil: number | null;
  claims: AccessTokenClaims;
}

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: TokenKeys,
  ) {}

  issue(request: AccessTokenRequest): IssuedAccessToken {
    const now = nowInSeconds();
    const { issuer, audience, accessTtl } = this.config.jwt;
    const secure = request.authType === 'credentials';
    const claims: AccessTokenClaims = {
      iss: issuer,
      aud: audience,
      sub: request.userId,
      sid: request.sessionId,
      jti: randomUUID(),
      iat: now,
      exp: now + accessTtl,
      auth_time: request.authTime,
      amr: request.amr,
      authType: request.authType,
      isSecure: secure,
      ...(secure ? { secureUntil: now + this.config.stepUp.window } : {}),
    };
    const token = jwt.sign(claims, this.keys.access, {
      algorithm: ACCESS_TOKEN_ALGORITHMS[0],
      header: { alg: ACCESS_TOKEN_ALGORITHMS[0], typ: ACCESS_TOKEN_TYPE },
    });
    return { token, expiresIn: accessTtl, secureUntil: claims.secureUntil ?? null, claims };
  }
}
