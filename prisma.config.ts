import { defineConfig } from 'prisma/config';

// Used by the native Prisma CLI (prisma migrate deploy / studio) when a user has it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
