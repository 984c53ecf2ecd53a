import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { JwksController } from './keys/jwks.controller.js';
import { AccountLockoutService } from './login/account-lockout.service.js';
import { CredentialsService } from './login/credentials.service.js';
import { LoginService } from './login/login.service.js';
import { PasswordHasher } from './passwords/password-hasher.service.js';
import { RegistrationService } from './registration/registration.service.js';
import { LogoutService } from './sessions/logout.service.js';
import { RefreshRotationService } from './sessions/refresh-rotation.service.js';
import { SessionPurgeJob } from './sessions/session-purge.job.js';
import { SessionService } from './sessions/session.service.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { JwtRefreshStrategy } from './strategies/jwt-refresh.strategy.js';
import { AccessTokenService } from './tokens/access-token.service.js';
import { RefreshTokenKey } from './tokens/refresh-token-key.js';
import { RefreshTokenService } from './tokens/refresh-token.service.js';

/** Issuing side (auth role): register, login, refresh rotation, logout, sessions, re-authentication, JWKS. */
@Module({
  imports: [PassportModule, UsersModule, TwoFactorModule],
  controllers: [AuthController, SessionsController, JwksController],
  providers: [
    RefreshTokenKey,
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
  ],
  exports: [PasswordHasher, SessionService, CredentialsService],
})
export class AuthModule {}
