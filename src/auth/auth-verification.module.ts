import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '../config/app-config.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { StepUpGuard } from './guards/step-up.guard.js';
import { AccessTokenKeys } from './keys/access-token-keys.js';
import { MeController } from './me.controller.js';
import { SessionStatusService } from './sessions/session-status.service.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { AccessTokenVerifier } from './tokens/access-token-verifier.js';

/**
 * What every role needs to *verify* callers: access-token keys and verifier, the global access guard,
 * `@StepUp()` (with its session liveness lookup) and GET /auth/me. Global, so feature modules on the
 * api role use `@StepUp()` and `@CurrentUser()` without importing the token-issuing AuthModule.
 */
@Global()
@Module({
  imports: [PassportModule],
  controllers: [MeController],
  providers: [
    { provide: AccessTokenKeys, inject: [AppConfig], useFactory: (config: AppConfig) => AccessTokenKeys.load(config) },
    AccessTokenVerifier,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    SessionStatusService,
    StepUpGuard,
  ],
  exports: [AccessTokenKeys, AccessTokenVerifier, SessionStatusService, StepUpGuard],
})
export class AuthVerificationModule {}
