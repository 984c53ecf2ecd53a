import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { SignJWT } from 'jose';
import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error.js';
import { validateConfig } from '../../config/validate-config.js';
import { Public } from '../decorators/public.decorator.js';
import { AccessTokenKeys } from '../keys/access-token-keys.js';
import { generatePrivateKey } from '../keys/signing-algorithm.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import { AccessTokenVerifier } from '../tokens/access-token-verifier.js';
import { RefreshTokenKey } from '../tokens/refresh-token-key.js';
import { RefreshTokenService } from '../tokens/refresh-token.service.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

const secret = () => randomBytes(48).toString('base64url');
const privatePem = generatePrivateKey('EdDSA').export({ type: 'pkcs8', format: 'pem' }).toString();
const config = validateConfig({
  NODE_ENV: 'test',
  REFRESH_TOKEN_SECRET: secret(),
  TOTP_ENCRYPTION_KEY: secret(),
  JWT_PRIVATE_KEYS: privatePem,
});
const keys = await AccessTokenKeys.load(config);
// Constructing the strategy also registers it with Passport as 'jwt' (for AuthGuard('jwt')).
const strategy = new JwtStrategy(new AccessTokenVerifier(config, keys));
const accessTokens = new AccessTokenService(config, keys);
const refreshTokens = new RefreshTokenService(config, new RefreshTokenKey(config));

class ProtectedController {
  read(): void {}
  @Public()
  open(): void {}
}

@Public()
class PublicController {
  anything(): void {}
}

interface FakeRequest {
  headers: Record<string, string>;
  user?: unknown;
}

/** An HTTP ExecutionContext for `controller.handler`, as Nest would build it for a request with `headers`. */
function contextFor(controller: new () => object, handler: string, headers: Record<string, string> = {}) {
  const request: FakeRequest = { headers };
  const response = {};
  const args = [request, response, undefined];
  const context: ExecutionContext = {
    getClass: <T>() => controller as T,
    getHandler: () => (controller.prototype as Record<string, () => void>)[handler]!,
    getArgs: <T extends unknown[]>() => args as T,
    getArgByIndex: <T>(index: number) => args[index] as T,
    getType: <T extends string>() => 'http' as T,
    switchToHttp: () => ({
      getRequest: <T>() => request as T,
      getResponse: <T>() => response as T,
      getNext: <T>() => undefined as T,
    }),
    switchToRpc: () => {
      throw new Error('not an RPC context');
    },
    switchToWs: () => {
      throw new Error('not a WebSocket context');
    },
  };
  return { context, request };
}

const now = () => Math.floor(Date.now() / 1000);
const issueAccess = () =>
  accessTokens.issue({ userId: randomUUID(), sessionId: randomUUID(), authTime: now(), amr: ['pwd'], authType: 'credentials' });

/** Signs `claims` with the real signing key, so only what the test changes is wrong. */
const sign = (claims: AccessTokenClaims | Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.signing!.kid, ...header })
    .sign(createPrivateKey(privatePem));

/** The ApiError the guard rejects with; fails the test when it lets the request through. */
async function rejection(guard: JwtAuthGuard, context: ExecutionContext): Promise<ApiError> {
  try {
    await guard.canActivate(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('the guard let the request through');
}

function thrownBy(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('nothing was thrown');
}

const INVALID_TOKEN_CHALLENGE = /^Bearer realm="keystep", error="invalid_token", error_description=".+"$/;

describe('JwtAuthGuard', () => {
  const guard = new JwtAuthGuard(new Reflector(), strategy);
  const protectedWith = (authorization: string) => contextFor(ProtectedController, 'read', { authorization });

  it('lets a @Public() handler through without a token', async () => {
    const { context, request } = contextFor(ProtectedController, 'open');
    expect(await guard.canActivate(context)).toBe(true);
    expect(request.user).toBeUndefined();
  });

  it('lets every handler of a @Public() controller through', async () => {
    const { context } = contextFor(PublicController, 'anything');
    expect(await guard.canActivate(context)).toBe(true);
  });

  it('accepts a valid access token and exposes its claims as the request user', async () => {
    const issued = await issueAccess();
    const { context, request } = protectedWith(`Bearer ${issued.token}`);
    expect(await guard.canActivate(context)).toBe(true);
    expect(request.user).toEqual(issued.claims);
  });

  it('answers a missing token with the bare realm challenge', async () => {
    const { context } = contextFor(ProtectedController, 'read');
    const error = await rejection(guard, context);
    expect(error.getStatus()).toBe(401);
    expect(error.code).toBe('unauthorized');
    expect(error.extras.challenge).toBe('Bearer realm="keystep"');
  });

  it('treats an Authorization header of another scheme as no bearer token', async () => {
    const { context } = protectedWith('Basic dXNlcjpwYXNz');
    expect((await rejection(guard, context)).extras.challenge).toBe('Bearer realm="keystep"');
  });

  it('refuses a refresh token with invalid_token', async () => {
    const token = refreshTokens.sign({ userId: randomUUID(), sessionId: randomUUID(), tokenId: randomUUID(), issuedAt: now(), expiresAt: now() + 600 });
    const error = await rejection(guard, protectedWith(`Bearer ${token}`).context);
    expect(error.code).toBe('invalid_token');
    expect(error.extras.challenge).toMatch(INVALID_TOKEN_CHALLENGE);
  });

  it('refuses an expired access token with invalid_token', async () => {
    const { claims } = await issueAccess();
    const token = await sign({ ...claims, iat: now() - 3600, exp: now() - 600 });
    expect((await rejection(guard, protectedWith(`Bearer ${token}`).context)).code).toBe('invalid_token');
  });

  it('refuses a correctly signed token without the at+jwt type', async () => {
    const { claims } = await issueAccess();
    const token = await sign(claims, { typ: 'JWT' });
    expect((await rejection(guard, protectedWith(`Bearer ${token}`).context)).code).toBe('invalid_token');
  });

  it('refuses a correctly signed token with a wrong issuer or audience', async () => {
    const { claims } = await issueAccess();
    for (const wrong of [{ iss: 'someone-else' }, { aud: config.jwt.refreshAudience }]) {
      const token = await sign({ ...claims, ...wrong });
      expect((await rejection(guard, protectedWith(`Bearer ${token}`).context)).code).toBe('invalid_token');
    }
  });

  it('refuses garbage with invalid_token', async () => {
    for (const value of ['Bearer not-a-jwt', 'Bearer a.b.c', 'Bearer ']) {
      expect((await rejection(guard, protectedWith(value).context)).extras.challenge).toMatch(INVALID_TOKEN_CHALLENGE);
    }
  });

  describe("the same strategy through passport (AuthGuard('jwt'))", () => {
    const passportGuard = new (AuthGuard('jwt'))();
    const verdict = async (guardToRun: { canActivate: (context: ExecutionContext) => unknown }, authorization?: string) => {
      const { context, request } = contextFor(ProtectedController, 'read', authorization === undefined ? {} : { authorization });
      try {
        await guardToRun.canActivate(context);
        return { accepted: true, user: request.user };
      } catch {
        return { accepted: false, user: request.user };
      }
    };

    it('accepts and refuses exactly what the global guard does', async () => {
      const issued = await issueAccess();
      const expired = await sign({ ...issued.claims, iat: now() - 3600, exp: now() - 600 });
      const cases = [`Bearer ${issued.token}`, `Bearer ${expired}`, 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', undefined];
      const results = [];
      for (const authorization of cases) {
        const [ours, passports] = [await verdict(guard, authorization), await verdict(passportGuard, authorization)];
        expect(passports).toEqual(ours);
        results.push(ours.accepted);
      }
      expect(results).toEqual([true, false, false, false, false]);
      expect((await verdict(passportGuard, `Bearer ${issued.token}`)).user).toEqual(issued.claims);
    });
  });

  describe('handleRequest', () => {
    it('returns the claims when the strategy accepted the token', async () => {
      const { claims } = await issueAccess();
      expect(guard.handleRequest(null, claims)).toBe(claims);
    });

    it('refuses when the strategy reported an error, even with claims', async () => {
      const { claims } = await issueAccess();
      expect(thrownBy(() => guard.handleRequest(new Error('boom'), claims)).code).toBe('invalid_token');
    });

    it('refuses when the strategy found no valid claims', () => {
      expect(thrownBy(() => guard.handleRequest(null, false)).code).toBe('invalid_token');
    });
  });
});
