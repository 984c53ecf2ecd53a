import fc from 'fast-check';
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from './cursor.js';

const id = '0b6c2f0e-5d7a-4c1e-9f3b-2a4d6e8f0a1b';
const at = new Date('2025-03-04T05:06:07.089Z');
const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursor', () => {
  it('decodes what it encodes, to the millisecond', () => {
    const decoded = decodeCursor(encodeCursor({ createdAt: at, id }));
    expect(decoded).toEqual({ createdAt: at, id });
  });

  it('round-trips any post-1970 time and uuid', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), fc.uuid(), (createdAt, uuid) => {
        expect(decodeCursor(encodeCursor({ createdAt, id: uuid }))).toEqual({ createdAt, id: uuid });
      }),
    );
  });

  it('makes URL-safe cursors well under the length limit', () => {
    const cursor = encodeCursor({ createdAt: new Date('9999-12-31T23:59:59.999Z'), id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThan(MAX_CURSOR_LENGTH);
  });

  it.each([
    ['a non-string', 42],
    ['an empty string', ''],
    ['standard base64 padding', `${encodeCursor({ createdAt: at, id })}=`],
    ['characters outside base64url', 'abc+/def'],
    ['an over-long string', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['text without a separator', raw('2025-03-04T05:06:07.089Z')],
    ['three parts', raw(`2025-03-04T05:06:07.089Z|${id}|x`)],
    ['a malformed id', raw('2025-03-04T05:06:07.089Z|not-a-uuid')],
    ['an SQL fragment as id', raw("2025-03-04T05:06:07.089Z|' OR 1=1 --")],
    ['a date without milliseconds', raw(`2025-03-04T05:06:07Z|${id}`)],
    ['a non-UTC offset', raw(`2025-03-04T05:06:07.089+01:00|${id}`)],
    ['an impossible date', raw(`2025-02-30T05:06:07.089Z|${id}`)],
    ['a time before 1970', raw(`0000-01-01T00:00:00.000Z|${id}`)],
    ['random bytes', Buffer.from([0xff, 0xfe, 0x00, 0x7c]).toString('base64url')],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
