import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import { applyMigrations } from './migrations/schema-engine.js';

/**
 * Where the database lives: the configured server, or (outside production, with no DATABASE_URL)
 * an embedded PGlite under DATA_DIR, served on a local port and migrated at start.
 */
export class DatabaseConnection implements OnApplicationShutdown {
  private static readonly logger = new Logger('Database');

  private constructor(
    readonly url: string,
    readonly poolSize: number,
    private readonly stopEmbedded?: () => Promise<void>,
  ) {}

  static async open(config: AppConfig): Promise<DatabaseConnection> {
    const { url, poolSize, migrateOnStart, dataDir } = config.database;
    if (url) {
      DatabaseConnection.logger.log(`Using PostgreSQL at ${describeUrl(url)}`);
      if (migrateOnStart) await DatabaseConnection.migrate(url);
      return new DatabaseConnection(url, poolSize);
    }
    if (config.isProduction) throw new Error('DATABASE_URL is required in production');
    const directory = resolve(dataDir, 'pglite');
    const embedded = await startEmbeddedDatabase({ dataDir: directory });
    DatabaseConnection.logger.log(`Using embedded PGlite database in ${directory} (set DATABASE_URL to use a server)`);
    await DatabaseConnection.migrate(embedded.url);
    return new DatabaseConnection(embedded.url, poolSize, () => embedded.stop());
  }

  private static async migrate(url: string): Promise<void> {
    const applied = await applyMigrations(url);
    if (applied.length > 0) DatabaseConnection.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopEmbedded?.();
  }
}

/** host:port/database, never the credentials. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
