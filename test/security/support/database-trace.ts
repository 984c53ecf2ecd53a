import { PrismaService } from '../../../src/prisma/prisma.service.js';

/**
 * How many rows of each table mention any of `needles` anywhere (the whole row as text, case-insensitive).
 * Scoped to values only the calling test uses (a unique email, source IP, user agent), so suites running
 * in parallel on the same database cannot disturb the count.
 */
export async function rowsMentioning(prisma: PrismaService, needles: string[]): Promise<Record<string, number>> {
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const conditions = needles.map((_needle, index) => `strpos(lower(t::text), lower($${index + 1})) > 0`).join(' OR ');
    // The table name comes from the catalog, never from a request; the needles are bound parameters.
    const [row] = await prisma.$queryRawUnsafe<{ count: bigint | number }[]>(
      `SELECT count(*) AS count FROM "${name.replace(/"/g, '""')}" t WHERE ${conditions}`,
      ...needles,
    );
    counts[name] = Number(row?.count ?? 0);
  }
  return counts;
}
