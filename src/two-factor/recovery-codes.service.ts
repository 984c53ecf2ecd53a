import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

export const RECOVERY_CODE_COUNT = 10;

/** Normalises what a person types: case, spaces and dashes do not matter. */
const canonical = (code: string): string => code.replace(/[\s-]/g, '').toLowerCase();

/**
 * Single-use recovery codes: 10 random codes of 50 bits each, shown once, stored as SHA-256 hashes.
 * (A fast hash is enough: unlike passwords, the codes carry their own entropy.)
 */
@Injectable()
export class RecoveryCodesService {
  constructor(private readonly prisma: PrismaService) {}

  /** Replaces any previous codes of the user; returns the new codes in clear, for the one response that shows them. */
  async issue(userId: string, tx: Prisma.TransactionClient): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(8).toString('hex').slice(0, 10);
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: this.hash(code) })) });
    return codes;
  }

  /** Marks one unused code as used; true when the code was valid and unused (atomic: it works once). */
  async consume(userId: string, code: string, tx: Prisma.TransactionClient | PrismaService = this.prisma): Promise<boolean> {
    const { count } = await tx.recoveryCode.updateMany({
      where: { userId, codeHash: this.hash(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1;
  }

  private hash(code: string): string {
    return createHash('sha256').update(canonical(code)).digest('base64url');
  }
}
