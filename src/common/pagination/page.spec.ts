import { decodeCursor } from './cursor.js';
import { olderThan, toPage } from './page.js';

const rows = Array.from({ length: 5 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 10 - i)),
}));

describe('toPage', () => {
  it('keeps `limit` rows and points the cursor at the last one kept when more rows exist', () => {
    const page = toPage(rows, 3);
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(decodeCursor(page.nextCursor)).toEqual({ id: rows[2]!.id, createdAt: rows[2]!.createdAt });
  });

  it('ends the listing with a null cursor when no extra row was found', () => {
    expect(toPage(rows.slice(0, 3), 3)).toEqual({ items: rows.slice(0, 3), nextCursor: null });
    expect(toPage([], 3)).toEqual({ items: [], nextCursor: null });
  });
});

describe('olderThan', () => {
  it('filters nothing on the first page', () => {
    expect(olderThan(null)).toEqual({});
  });

  it('continues after the position, using the id to break ties in creation time', () => {
    const position = { createdAt: rows[1]!.createdAt, id: rows[1]!.id };
    expect(olderThan(position)).toEqual({
      OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }],
    });
  });
});
