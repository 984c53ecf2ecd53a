import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiters } from './rate-limiters.js';

@Global()
@Module({
  providers: [{ provide: RateLimiters, inject: [AppConfig], useFactory: RateLimiters.create }, RateLimitGuard],
  exports: [RateLimiters, RateLimitGuard],
})
export class RateLimitModule {}
