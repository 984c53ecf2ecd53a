import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createFastifyAdapter } from '../../src/app.setup.js';
import { AppConfig } from '../../src/config/app-config.js';
import { validateConfig } from '../../src/config/validate-config.js';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/**
 * Boots the real AppModule in-process against the run's throwaway database. `env` overrides
 * configuration for this app only (e.g. a short grace window), through the same validation as a real boot.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = validateConfig({ ...process.env, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRole(config.role)] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: false });
  configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

/** One app per describe block: created before its tests, closed after them. */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  const handle = {} as TestApp;
  beforeAll(async () => {
    Object.assign(handle, await createTestApp(env));
  });
  // When the boot failed there is nothing to close, and Jest reports the boot's error.
  afterAll(() => handle.close?.());
  return handle;
}
