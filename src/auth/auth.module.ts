import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { JwtAuthGuard } from './guards/jwt-auth.guard.js';
import { StepUpGuard } from './guards/step-up.guard.js';
import { AccountLockoutService } from './login/account-lockout.service.js';
import { CredentialsService } from './login/credentials.service.js';
import { LoginService } from './login/login.service.js';
import { MeController } from './me.controller.js';
import { PasswordHasher } from './passwords/password-hasher.service.js';
import { RegistrationService } from './registration/registration.service.js';
import { LogoutService } from './sessions/logout.service.js';
import { RefreshRotationService } from './sessions/refresh-rotation.service.js';
import { SessionPurgeJob } from './sessions/session-purge.job.js';
import { SessionService } from './sessions/session.service.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { JwtRefreshStrategy } from './strategies/jwt-refresh.strategy.js';
import { JwtStrategy } from './strategies/jwt.strategy.js';
import { AccessTokenService } from './tokens/access-token.service.js';
import { RefreshTokenService } from './tokens/refresh-token.service.js';
import { TokenKeys } from './tokens/token-keys.js';

@Module({
  imports: [PassportModule, UsersModule, TwoFactorModule],
  controllers: [AuthController, SessionsController, MeController],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    TokenKeys,
    JwtStrategy,
    JwtRefreshStrategy,
    AccessTokenService,
    RefreshTokenService,
    PasswordHasher,
    AccountLockoutService,
    CredentialsService,
    LoginService,
    RegistrationService,
    SessionService,
    RefreshRotationService,
    LogoutService,
    SessionPurgeJob,
    StepUpGuard,
  ],
  exports: [PasswordHasher, SessionService, CredentialsService, StepUpGuard],
})
export class AuthModule {}
