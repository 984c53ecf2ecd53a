import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, type JWTHeaderParameters, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { AccessTokenKeys } from '../keys/access-token-keys.js';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, hasCoreClaims } from './token-claims.js';

/** jose resolves a key per token; an unknown kid fails here, before any signature work. */
type KeySource = KeyObject | JWTVerifyGetKey;

/**
 * Verifies access tokens: one pinned algorithm, issuer, audience, `typ: at+jwt`, exp/nbf/iat with the
 * configured clock leeway, and required claims. jose refuses `alg: none`, unknown `crit` headers and
 * never fetches `jku`/`x5u` or trusts an embedded `jwk`. Results are cached by the exact token string,
 * bounded, and never past the token's own `exp`.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly keySource: KeySource;
  private readonly cache?: LRUCache<string, AccessTokenClaims>;

  constructor(
    private readonly config: AppConfig,
    keys: AccessTokenKeys,
  ) {
    this.keySource = AccessTokenVerifier.keySourceFor(config, keys);
    const max = config.jwt.verifiedTokenCacheSize;
    if (max > 0) this.cache = new LRUCache<string, AccessTokenClaims>({ max, ttlAutopurge: false });
  }

  /** The verified claims, or undefined for any failure (callers answer with one generic 401). */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    const cached = this.cache?.get(token);
    if (cached) return cached;
    if (!isCanonicalCompactJws(token)) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.keySource as JWTVerifyGetKey, {
        algorithms: [this.config.jwt.accessAlgorithm],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: this.config.jwt.clockToleranceSeconds,
        // Also makes jose refuse an `iat` in the future (beyond the leeway), like `nbf`.
        maxTokenAge: this.config.jwt.accessTtl,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
      if (!isAccessTokenClaims(payload)) return undefined;
      const ttl = payload.exp * 1000 - Date.now();
      if (this.cache && ttl > 0) this.cache.set(token, payload, { ttl });
      return payload;
    } catch {
      return undefined;
    }
  }

  private static keySourceFor(config: AppConfig, keys: AccessTokenKeys): KeySource {
    if (keys.algorithm === 'HS256') return keys.verification.values().next().value as KeyObject;
    const remote = config.jwt.jwksUrl
      ? createRemoteJWKSet(new URL(config.jwt.jwksUrl), {
          cooldownDuration: config.jwt.jwksCooldown * 1000,
          cacheMaxAge: config.jwt.jwksCacheMaxAge * 1000,
          timeoutDuration: 5_000,
        })
      : undefined;
    return async (header: JWTHeaderParameters, token) => {
      const local = header.kid === undefined ? undefined : keys.verification.get(header.kid);
      if (local) return local;
      if (remote) return remote(header, token);
      throw new Error('unknown kid');
    };
  }
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Three unpadded base64url segments that re-encode to themselves. jose decodes leniently (padding, and
 * stray bits in the last character are ignored), so one signed token would have several spellings that
 * all verify, each a different key for anything indexed by the token string (this cache, a denylist).
 */
export function isCanonicalCompactJws(token: string): boolean {
  if (!COMPACT_JWS.test(token)) return false;
  return token.split('.').every((segment) => Buffer.from(segment, 'base64url').toString('base64url') === segment);
}

export function isAccessTokenClaims(payload: unknown): payload is AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const claims = payload as Partial<AccessTokenClaims>;
  return (
    hasCoreClaims(claims) &&
    typeof claims.auth_time === 'number' &&
    Array.isArray(claims.amr) &&
    claims.amr.every((method) => typeof method === 'string') &&
    (claims.authType === 'credentials' || claims.authType === 'refresh') &&
    typeof claims.isSecure === 'boolean' &&
    (claims.secureUntil === undefined || typeof claims.secureUntil === 'number')
  );
}
