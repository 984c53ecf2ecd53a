import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { ensureDevelopmentSecrets } from './config/development-secrets.js';
import { validateConfig } from './config/validate-config.js';

const ENV_FILE = '.env';

async function bootstrap(): Promise<void> {
  const generated = ensureDevelopmentSecrets(ENV_FILE);
  if (process.env.NODE_ENV !== 'test' && existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
  // Fails before anything starts, with one message naming every bad variable.
  const config = validateConfig(process.env);

  const { AppModule } = await import('./app.module.js');
  const { configureApp, createFastifyAdapter } = await import('./app.setup.js');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config.role), createFastifyAdapter(config), {
    bufferLogs: true,
  });
  configureApp(app, config);
  const logger = new Logger('Bootstrap');
  if (generated.length > 0) logger.warn(`Generated development secrets into ${ENV_FILE}: ${generated.join(', ')}`);
  await app.listen({ port: config.port, host: config.host });
  logger.log(`Keystep (role ${config.role}) listening on http://localhost:${config.port}; API docs at /docs`);
}

bootstrap().catch((error: unknown) => {
  // A configuration error already names every bad variable; anything else gets its stack.
  console.error(error instanceof Error && error.name === 'ConfigValidationError' ? error.message : error);
  process.exit(1);
});
