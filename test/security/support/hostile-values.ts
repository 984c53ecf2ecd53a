import fc from 'fast-check';

// Arbitraries for hostile HTTP input. JSON is generated as text, so keys such as "__proto__" reach the
// server exactly as written (a JS object would swallow them) and depth, size and types are the test's.

/** The placeholder for the caller's current refresh token inside generated JSON text. */
export const REFRESH_TOKEN_PLACEHOLDER = '$REFRESH_TOKEN$';

export const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '😀'.repeat(64),
  'é'.repeat(300),
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '0x7fffffff',
  '2147483648',
  '9007199254740993',
  'true',
  '[]',
  '{}',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'ada@example.com',
  'ADA@EXAMPLE.COM ',
  '123456',
  'EUR',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.integer({ min: 257, max: 20_000 }).map((length) => 'x'.repeat(length)) },
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2_147_483_647, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER + 2, 1e308, -0, 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'userId', 'twoFactorEnabled', 'id', 'status') },
  { weight: 1, arbitrary: hostileString },
);

const leafJson: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((value) => JSON.stringify(value)),
  hostileNumber.map((value) => JSON.stringify(value)),
  fc.boolean().map(String),
  fc.constant('null'),
);

/** Any JSON text: scalars, arrays and objects, nested a few levels, with prototype-pollution keys. */
export const hostileJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafJson,
    fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 5 }).map(objectText),
  ),
})).value;

export function objectText(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

export interface SchemaProperty {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
}

/** A value for one documented body field: often plausible (so deeper code runs), often hostile. */
export function fieldJson(name: string, property: SchemaProperty): fc.Arbitrary<string> {
  const plausible: fc.Arbitrary<unknown>[] = [];
  if (property.enum?.length) plausible.push(fc.constantFrom(...property.enum));
  if (property.example !== undefined) plausible.push(fc.constant(property.example));
  if (property.type === 'integer' || property.type === 'number') plausible.push(fc.integer({ min: -5, max: 100_000 }));
  if (/email/i.test(name)) plausible.push(fc.emailAddress());
  if (/password/i.test(name)) plausible.push(fc.string({ minLength: 8, maxLength: 40 }));
  if (property.pattern === '^\\d{6}$' || /otp/i.test(name)) plausible.push(fc.stringMatching(/^\d{6}$/));
  if (property.format === 'uuid') plausible.push(fc.uuid());
  if (/refreshToken/.test(name)) plausible.push(fc.constant(REFRESH_TOKEN_PLACEHOLDER));
  if (property.type === 'string' || plausible.length === 0) plausible.push(fc.string({ minLength: 1, maxLength: 30 }));
  return fc.oneof(
    { weight: 2, arbitrary: fc.oneof(...plausible).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: hostileJson },
  );
}

/** A header value Node's HTTP client will send: tab and bytes 0x20-0x7E, 0x80-0xFF only. */
export const headerSafe = (value: string): string => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(headerSafe),
  fc.integer({ min: 1_000, max: 8_000 }).map((length) => 'h'.repeat(length)),
);

/** What follows `Authorization:` in the garbage-token requests. */
export const garbageAuthorization: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((value) => `Bearer ${headerSafe(value)}`),
  fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => `Bearer ${parts.join('.')}`),
  fc.constantFrom('Bearer', 'Bearer ', 'bearer x.y.z', 'Basic YWRhOnNlY3JldA==', 'Bearer a.b.c.d.e', 'Bearer ....', 'Token abc', 'Bearer =='),
);

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the percent-encoded bytes
 * of its code unit: invalid UTF-8 the server must cope with.
 */
export function percentEncode(value: string): string {
  return Array.from(value)
    .map((character) => {
      try {
        return encodeURIComponent(character);
      } catch {
        const unit = character.charCodeAt(0);
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
      }
    })
    .join('');
}
