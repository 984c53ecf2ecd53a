import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config.js';
import { pinoOptions } from './pino-options.js';

/**
 * Structured JSON logs through nestjs-pino for the application. Requests are logged by Fastify's own
 * pino logger (see app.setup.ts), one line each with the request id: that skips a per-request Nest
 * middleware, which cost as much as the rest of a request.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: pinoOptions(config.logLevel), forRoutes: [] }),
    }),
  ],
})
export class LoggingModule {}
