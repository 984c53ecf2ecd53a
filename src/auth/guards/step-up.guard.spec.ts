import { beforeAll, describe, expect, it } from '@jest/globals';
import { type ExecutionContext, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../../common/errors/api-error.js';
import { toErrorAnswer } from '../../common/errors/all-exceptions.filter.js';
import type { AppConfig } from '../../config/app-config.js';
import type { SecurityEventInput, SecurityEventService } from '../../security-events/security-event.service.js';
import { STEP_UP, type StepUpOptions } from '../decorators/step-up.decorator.js';
import type { SessionStatusService } from '../sessions/session-status.service.js';
import { type AccessTokenClaims, nowInSeconds } from '../tokens/token-claims.js';
import { StepUpGuard } from './step-up.guard.js';

const WINDOW = 300;

class Routes {
  @SetMetadata(STEP_UP, {} satisfies StepUpOptions)
  plain() {}

  @SetMetadata(STEP_UP, { maxAge: 60 } satisfies StepUpOptions)
  strict() {}

  @SetMetadata(STEP_UP, { maxAge: 3600 } satisfies StepUpOptions)
  looserThanWindow() {}
}

type Handler = 'plain' | 'strict' | 'looserThanWindow';

function credentialClaims(overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
  const now = nowInSeconds();
  return {
    iss: 'keystep',
    aud: 'keystep-api',
    sub: 'user-1',
    sid: 'session-1',
    jti: 'jti-1',
    iat: now,
    exp: now + 900,
    auth_time: now - 5,
    amr: ['pwd'],
    authType: 'credentials',
    isSecure: true,
    secureUntil: now + WINDOW,
    ...overrides,
  };
}

/** What a refresh mints: no step-up trust at all. */
function refreshClaims(): AccessTokenClaims {
  const { secureUntil: _dropped, ...claims } = credentialClaims({ authType: 'refresh', isSecure: false });
  return claims;
}

function contextFor(handler: Handler, claims: AccessTokenClaims | undefined): ExecutionContext {
  const request = { user: claims, ip: '203.0.113.7', headers: { 'user-agent': 'jest' }, routeOptions: { url: '/account/password' } };
  return {
    getType: () => 'http',
    getClass: () => Routes,
    getHandler: () => Routes.prototype[handler],
    getArgs: () => [request, {}],
    getArgByIndex: (index: number) => [request, {}][index],
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => undefined }),
    switchToRpc: () => {
      throw new Error('not rpc');
    },
    switchToWs: () => {
      throw new Error('not ws');
    },
  } as unknown as ExecutionContext;
}

function setUp(options: { live?: boolean } = {}) {
  const sessions = {
    lookups: [] as Array<[string, string]>,
    async isLive(sessionId: string, userId: string) {
      this.lookups.push([sessionId, userId]);
      return options.live ?? true;
    },
  };
  const events = {
    recorded: [] as Array<{ type: string } & SecurityEventInput>,
    async record(type: string, event: SecurityEventInput) {
      this.recorded.push({ type, ...event });
    },
  };
  const config = { stepUp: { window: WINDOW } } as AppConfig;
  const guard = new StepUpGuard(
    new Reflector(),
    config,
    sessions as unknown as SessionStatusService,
    events as unknown as SecurityEventService,
  );
  return { guard, sessions, events };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

function expectStepUpChallenge(error: ApiError, maxAge: number) {
  const { body, headers } = toErrorAnswer(error);
  expect(body).toEqual({ statusCode: 401, error: 'insufficient_user_authentication', message: expect.any(String) });
  expect(headers['www-authenticate']).toMatch(/^Bearer /);
  expect(headers['www-authenticate']).toContain('error="insufficient_user_authentication"');
  expect(headers['www-authenticate']).toContain(`max_age=${maxAge}`);
}

describe('StepUpGuard', () => {
  // The guard logs every refusal; that output is not what these tests look at.
  beforeAll(() => Logger.overrideLogger(false));

  it('passes a fresh credential token on a live session, after one lookup of that session', async () => {
    const { guard, sessions, events } = setUp();
    await expect(guard.canActivate(contextFor('plain', credentialClaims()))).resolves.toBe(true);
    expect(sessions.lookups).toEqual([['session-1', 'user-1']]);
    expect(events.recorded).toEqual([]);
  });

  it('passes a credential token within the stricter maxAge of a route', async () => {
    const { guard } = setUp();
    const claims = credentialClaims({ auth_time: nowInSeconds() - 30 });
    await expect(guard.canActivate(contextFor('strict', claims))).resolves.toBe(true);
  });

  it('refuses a refresh-minted token without asking the database', async () => {
    const { guard, sessions } = setUp();
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', refreshClaims()))), WINDOW);
    expect(sessions.lookups).toEqual([]);
  });

  it('refuses a refresh-minted token even when it carries a secureUntil in the future', async () => {
    const { guard } = setUp();
    const claims = credentialClaims({ authType: 'refresh', isSecure: false });
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', claims))), WINDOW);
  });

  it('refuses a token whose isSecure is false', async () => {
    const { guard } = setUp();
    const claims = credentialClaims({ isSecure: false });
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', claims))), WINDOW);
  });

  it('refuses a credential token whose secureUntil has passed', async () => {
    const { guard } = setUp();
    const claims = credentialClaims({ secureUntil: nowInSeconds() - 1 });
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', claims))), WINDOW);
  });

  it('refuses a credential token without a secureUntil', async () => {
    const { guard } = setUp();
    const { secureUntil: _dropped, ...claims } = credentialClaims();
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', claims))), WINDOW);
  });

  it("refuses a token whose password check is older than the route's maxAge, and names that maxAge", async () => {
    const { guard } = setUp();
    const claims = credentialClaims({ auth_time: nowInSeconds() - 61 });
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('strict', claims))), 60);
  });

  it('announces the step-up window as max_age when a route allows more than the window', async () => {
    const { guard } = setUp();
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('looserThanWindow', refreshClaims()))), WINDOW);
  });

  it('refuses a perfect token when its session is no longer live', async () => {
    const { guard, sessions } = setUp({ live: false });
    expectStepUpChallenge(await refusal(guard.canActivate(contextFor('plain', credentialClaims()))), WINDOW);
    expect(sessions.lookups).toEqual([['session-1', 'user-1']]);
  });

  it('records each refusal as a step_up_denied event with its reason', async () => {
    const { guard, events } = setUp({ live: false });
    await refusal(guard.canActivate(contextFor('plain', refreshClaims())));
    await refusal(guard.canActivate(contextFor('plain', credentialClaims())));
    expect(events.recorded).toEqual([
      expect.objectContaining({ type: 'step_up_denied', userId: 'user-1', sessionId: 'session-1', ip: '203.0.113.7', details: expect.objectContaining({ reason: 'not_credential_token' }) }),
      expect.objectContaining({ type: 'step_up_denied', details: expect.objectContaining({ reason: 'session_not_active' }) }),
    ]);
  });

  it('answers a request without verified claims with the bare realm challenge', async () => {
    const { guard } = setUp();
    const { body, headers } = toErrorAnswer(await refusal(guard.canActivate(contextFor('plain', undefined))));
    expect(body.statusCode).toBe(401);
    expect(headers['www-authenticate']).toBe('Bearer realm="keystep"');
  });
});
