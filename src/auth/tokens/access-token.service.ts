import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { AccessTokenKeys } from '../keys/access-token-keys.js';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, type AuthType, nowInSeconds } from './token-claims.js';

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

/** Mints access tokens with the newest signing key (EdDSA by default), `typ: at+jwt` and its `kid`. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: AccessTokenKeys,
  ) {}

  async issue(request: AccessTokenRequest): Promise<IssuedAccessToken> {
    const signing = this.keys.signing;
    if (!signing) throw new Error('This process has no access-token signing key (APP_ROLE=api cannot mint tokens)');
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
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: this.keys.algorithm, typ: ACCESS_TOKEN_TYPE, kid: signing.kid })
      .sign(signing.key);
    return { token, expiresIn: accessTtl, secureUntil: claims.secureUntil ?? null, claims };
  }
}
