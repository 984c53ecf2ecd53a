import { nowInSeconds } from '../tokens/token-claims.js';

/** A refresh token lives for the idle lifetime, but never past the session's absolute end. */
export function refreshTokenWindow(refreshTtl: number, sessionExpiresAt: Date): { issuedAt: number; expiresAt: number } {
  const issuedAt = nowInSeconds();
  const sessionEnd = Math.floor(sessionExpiresAt.getTime() / 1000);
  return { issuedAt, expiresAt: Math.min(issuedAt + refreshTtl, sessionEnd) };
}

export const secondsToDate = (seconds: number): Date => new Date(seconds * 1000);
