import { type CursorPosition, decodeCursor, encodeCursor } from './cursor.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prisma ordering of a newest-first listing; the id breaks ties between rows of the same millisecond. */
export function newestFirst(): [{ createdAt: 'desc' }, { id: 'desc' }] {
  return [{ createdAt: 'desc' }, { id: 'desc' }];
}

/** A Prisma filter for the rows after `position` in `newestFirst()` order (all rows when there is none). */
export function olderThan(position: CursorPosition | null) {
  if (!position) return {};
  return {
    OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }],
  };
}

/**
 * Cuts rows fetched with `take: limit + 1` into a page. The extra row only proves that another page
 * exists, so a listing that ends exactly on a page boundary answers `nextCursor: null` at once.
 */
export function toPage<T extends CursorPosition>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * The Prisma `where` fragment, ordering and `take` of one newest-first page. PaginationQueryDto has
 * already refused any cursor that does not decode; `toPage` cuts the result.
 */
export function pageQuery(query: { limit: number; cursor?: string }) {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  return { where: olderThan(after), orderBy: newestFirst(), take: query.limit + 1 };
}
