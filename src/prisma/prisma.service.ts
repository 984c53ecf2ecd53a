import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { DatabaseConnection } from './database-connection.js';

/** The Prisma client; the only class that knows which driver adapter talks to Postgres. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(connection: DatabaseConnection) {
    super({
      adapter: new PrismaPg({
        connectionString: connection.url,
        max: connection.poolSize,
        // A dead database must fail a request quickly (and turn /health/ready to 503), not hang it.
        connectionTimeoutMillis: 5_000,
      }),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
