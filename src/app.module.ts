import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountModule } from './account/account.module.js';
import { AuthVerificationModule } from './auth/auth-verification.module.js';
import { AuthModule } from './auth/auth.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import type { AppRole } from './config/app-config.js';
import { AppConfigModule } from './config/config.module.js';
import { HealthModule } from './health/health.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { PostsModule } from './posts/posts.module.js';
import { PrismaModule } from './prisma/prisma.module.js';
import { SecurityEventsModule } from './security-events/security-events.module.js';

/** Issues tokens: login, refresh, sessions, account settings, JWKS. */
const AUTH_FEATURES = [ScheduleModule.forRoot(), RateLimitModule, AuthModule, AccountModule];
/** Only verifies tokens: the business features. */
const API_FEATURES = [PostsModule, PaymentsModule];

/** Composes the feature modules one process serves: `all` (default), `auth` (port 4000) or `api` (port 3000). */
@Module({})
export class AppModule {
  static forRole(role: AppRole): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule,
        LoggingModule,
        PrismaModule,
        SecurityEventsModule,
        HealthModule,
        AuthVerificationModule,
        ...(role === 'api' ? [] : AUTH_FEATURES),
        ...(role === 'auth' ? [] : API_FEATURES),
      ],
    };
  }
}
