import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { validateConfig } from './validate-config.js';

/** Validates the environment once at boot and provides the typed `AppConfig` everywhere. */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      cache: true,
      // Test runs describe their whole environment; a developer's .env must not leak into them.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      envFilePath: '.env',
      validate: (raw) => ({ ...raw, keystep: validateConfig(raw) }),
    }),
  ],
  providers: [
    {
      provide: AppConfig,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => config.getOrThrow<AppConfig>('keystep'),
    },
  ],
  exports: [AppConfig],
})
export class AppConfigModule {}
