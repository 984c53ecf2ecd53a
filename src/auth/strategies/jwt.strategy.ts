import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { JwtHeader } from 'jsonwebtoken';
import { ExtractJwt, Strategy, type StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from '../tokens/token-claims.js';
import { TokenKeys } from '../tokens/token-keys.js';

/** Access tokens: signature, algorithm, issuer, audience, expiry and kind. Never touches the database. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: AppConfig, keys: TokenKeys) {
    const options: StrategyOptionsWithoutRequest = {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands the key straight to jsonwebtoken, which accepts a KeyObject; its types do not.
      secretOrKey: keys.access as unknown as string,
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      jsonWebTokenOptions: { complete: true, clockTolerance: config.jwt.clockToleranceSeconds },
    };
    super(options);
  }

  validate(decoded: { header: JwtHeader; payload: unknown }): AccessTokenClaims | false {
    return isAccessToken(decoded.header, decoded.payload) ? decoded.payload : false;
  }
}

export function isAccessToken(header: JwtHeader, payload: unknown): payload is AccessTokenClaims {
  if (header.typ !== ACCESS_TOKEN_TYPE || typeof payload !== 'object' || payload === null) return false;
  const claims = payload as Partial<AccessTokenClaims>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.auth_time === 'number' &&
    Array.isArray(claims.amr) &&
    (claims.authType === 'credentials' || claims.authType === 'refresh') &&
    typeof claims.isSecure === 'boolean'
  );
}
