import { randomUUID } from 'node:crypto';
import { SessionPurgeJob } from '../../src/auth/sessions/session-purge.job.js';
import { PrismaService } from '../../src/prisma/prisma.service.js';
import { registerUser } from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

const DAY = 24 * 3600 * 1000;

describe('Session purge job (e2e)', () => {
  const t = useTestApp();
  let prisma: PrismaService;

  beforeAll(async () => {
    prisma = t.app.get(PrismaService);
  });

  it('deletes long-ended sessions and spent tokens, and keeps live ones', async () => {
    const user = await registerUser(t.http);
    const longAgo = new Date(Date.now() - 60 * DAY);
    const session = (expiresAt: Date, revokedAt: Date | null = null) =>
      prisma.session.create({
        data: { userId: user.id, authTime: longAgo, amr: ['pwd'], expiresAt, revokedAt },
        select: { id: true },
      });
    const expired = await session(new Date(Date.now() - 30 * DAY));
    const revoked = await session(new Date(Date.now() + 30 * DAY), longAgo);
    const live = await session(new Date(Date.now() + 30 * DAY));
    const token = (sessionId: string, expiresAt: Date) =>
      prisma.refreshToken.create({
        data: { id: randomUUID(), sessionId, tokenHash: randomUUID(), issuedAt: longAgo, expiresAt },
        select: { id: true },
      });
    const spent = await token(live.id, new Date(Date.now() - 30 * DAY));
    const current = await token(live.id, new Date(Date.now() + DAY));

    const purged = await t.app.get(SessionPurgeJob).run();

    expect(purged.sessions).toBeGreaterThanOrEqual(2);
    const left = await prisma.session.findMany({ where: { id: { in: [expired.id, revoked.id, live.id] } }, select: { id: true } });
    expect(left.map((row) => row.id)).toEqual([live.id]);
    const tokens = await prisma.refreshToken.findMany({ where: { id: { in: [spent.id, current.id] } }, select: { id: true } });
    expect(tokens.map((row) => row.id)).toEqual([current.id]);
  });
});
