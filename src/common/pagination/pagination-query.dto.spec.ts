import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { encodeCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, PaginationQueryDto } from './pagination-query.dto.js';

/** Query strings arrive as strings; this mirrors the global ValidationPipe (transform + whitelist). */
async function parse(query: Record<string, unknown>) {
  const dto = plainToInstance(PaginationQueryDto, query);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, failed: errors.map((error) => error.property) };
}

describe('PaginationQueryDto', () => {
  it('defaults the limit and leaves the cursor out for a first page', async () => {
    const { dto, failed } = await parse({});
    expect(failed).toEqual([]);
    expect(dto.limit).toBe(DEFAULT_PAGE_SIZE);
    expect(dto.cursor).toBeUndefined();
  });

  it('turns a numeric limit string into a number and accepts a cursor it made', async () => {
    const cursor = encodeCursor({ createdAt: new Date(), id: '0b6c2f0e-5d7a-4c1e-9f3b-2a4d6e8f0a1b' });
    const { dto, failed } = await parse({ limit: '100', cursor });
    expect(failed).toEqual([]);
    expect(dto.limit).toBe(100);
  });

  it.each(['0', '101', '-1', '1.5', 'ten', '', ['10', '20']])('refuses limit=%p', async (limit) => {
    expect((await parse({ limit })).failed).toEqual(['limit']);
  });

  it.each(['', 'garbage', 'bm90LWEtY3Vyc29y', ['a', 'b']])('refuses cursor=%p', async (cursor) => {
    expect((await parse({ cursor })).failed).toEqual(['cursor']);
  });

  it('refuses unknown query parameters', async () => {
    expect((await parse({ offset: '10' })).failed).toEqual(['offset']);
  });
});
