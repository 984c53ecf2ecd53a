import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';

/** Thrown into passport's failure path when there is no bearer token at all (vs. a bad one). */
export const NO_TOKEN = 'No auth token';
const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)$/i;

/**
 * Access tokens from `Authorization: Bearer`. Verification lives in AccessTokenVerifier (jose, because
 * jsonwebtoken has no EdDSA); this strategy never touches the database.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  async validate(request: FastifyRequest): Promise<AccessTokenClaims | false> {
    const header = request.headers.authorization;
    // RFC 6750 3.1: no header, or credentials of another scheme (Basic ...), is "no token", not a bad one.
    if (!header || !/^Bearer(\s|$)/i.test(header)) throw new Error(NO_TOKEN);
    const token = BEARER.exec(header)?.[1];
    return (token && (await this.verifier.verify(token))) || false;
  }
}
