import { Prisma } from '../generated/prisma/client.js';

/** True for a unique-constraint violation (P2002), the one Prisma error callers routinely expect. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
