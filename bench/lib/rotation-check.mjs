// After a refresh run: does the RefreshToken table hold exactly the chains the clients saw?
import pg from 'pg';

/**
 * For every session: rows = 1 + the client's successful refreshes, one root, one unused token (the
 * tip) whose hash is the token the client holds, every used token has a successor, no parent has two
 * children, the session is not revoked. Returns a list of problems (empty when all hold).
 * @param {string} databaseUrl
 * @param {Array<{sessionId: string, successes: number, tokenHash: string, failedWith?: string}>} sessions
 */
export async function checkRotations(databaseUrl, sessions) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = sessions.map((session) => session.sessionId);
    const { rows } = await db.query(
      `SELECT s.id, s."revokedAt" IS NOT NULL AS revoked,
              count(t.id)::int AS tokens,
              count(t.id) FILTER (WHERE t."parentId" IS NULL)::int AS roots,
              count(t.id) FILTER (WHERE t."usedAt" IS NULL)::int AS unused,
              max(t."tokenHash") FILTER (WHERE t."usedAt" IS NULL) AS tip
         FROM "Session" s LEFT JOIN "RefreshToken" t ON t."sessionId" = s.id
        WHERE s.id = ANY($1::uuid[])
        GROUP BY s.id`,
      [ids],
    );
    const twins = await db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT "parentId" FROM "RefreshToken" WHERE "sessionId" = ANY($1::uuid[]) AND "parentId" IS NOT NULL
          GROUP BY "parentId" HAVING count(*) > 1) twins`,
      [ids],
    );
    const orphans = await db.query(
      `SELECT count(*)::int AS n FROM "RefreshToken" p
        WHERE p."sessionId" = ANY($1::uuid[]) AND p."usedAt" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "RefreshToken" c WHERE c."parentId" = p.id AND c."sessionId" = p."sessionId")`,
      [ids],
    );

    const problems = [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const session of sessions) {
      const row = byId.get(session.sessionId);
      const label = `session ${session.sessionId.slice(0, 8)}`;
      if (!row) {
        problems.push(`${label}: not in the table`);
        continue;
      }
      if (session.failedWith) problems.push(`${label}: client stopped on ${session.failedWith}`);
      if (row.revoked) problems.push(`${label}: revoked`);
      if (row.tokens !== 1 + session.successes) problems.push(`${label}: ${row.tokens} rows for ${session.successes} successful refreshes`);
      if (row.roots !== 1) problems.push(`${label}: ${row.roots} chain roots`);
      if (row.unused !== 1) problems.push(`${label}: ${row.unused} unused tokens`);
      else if (row.tip !== session.tokenHash) problems.push(`${label}: the client's last token is not the chain's tip`);
    }
    if (twins.rows[0].n > 0) problems.push(`${twins.rows[0].n} parents with two children`);
    if (orphans.rows[0].n > 0) problems.push(`${orphans.rows[0].n} used tokens without a successor (lost rotations)`);
    return problems;
  } finally {
    await db.end();
  }
}
