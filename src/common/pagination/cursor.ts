/**
 * Opaque cursors for newest-first keyset pagination. A cursor names the last row of a page by its
 * creation time and id, not by an offset, so rows inserted meanwhile never shift later pages.
 */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

/** Longer than any cursor this module makes (82 characters), short enough to bound the work on garbage. */
export const MAX_CURSOR_LENGTH = 128;

const SEPARATOR = '|';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}${SEPARATOR}${position.id}`, 'utf8').toString('base64url');
}

/**
 * The position a cursor names, or null when it is not one this module made. Every part is checked
 * here because a bad date or id would otherwise reach Postgres and fail there as a 500.
 */
export function decodeCursor(cursor: unknown): CursorPosition | null {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(SEPARATOR);
  if (parts.length !== 2) return null;
  const [instant, id] = parts as [string, string];
  if (!ISO_INSTANT.test(instant) || !UUID.test(id)) return null;
  const createdAt = new Date(instant);
  // A round trip rejects impossible dates (2024-02-30 would roll over); rows never predate 1970.
  if (Number.isNaN(createdAt.getTime()) || createdAt.getTime() < 0 || createdAt.toISOString() !== instant) return null;
  return { createdAt, id };
}
