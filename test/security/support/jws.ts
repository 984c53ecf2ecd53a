import { createHash, createHmac, type KeyObject, sign } from 'node:crypto';

/**
 * Hand-built JWS compact tokens: every byte of the header, payload and signature is the test's choice,
 * including things a JWT library refuses to produce (unknown `crit`, non-object payloads, `alg: none`).
 */
export const b64url = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64url');
export const b64json = (value: unknown): string => b64url(JSON.stringify(value));

export type Signer = (signingInput: string) => Buffer;

export const signers = {
  eddsa: (key: KeyObject): Signer => (input) => sign(null, Buffer.from(input), key),
  rs256: (key: KeyObject): Signer => (input) => sign('sha256', Buffer.from(input), key),
  es256: (key: KeyObject): Signer => (input) => sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }),
  hs256: (secret: Buffer | string | KeyObject): Signer => (input) => createHmac('sha256', secret).update(input).digest(),
};

/** `header.payload.signature`; `payload` is any JSON value (an object, an array, a number, null...). */
export function jws(header: Record<string, unknown>, payload: unknown, signer: Signer): string {
  const input = `${b64json(header)}.${b64json(payload)}`;
  return `${input}.${b64url(signer(input))}`;
}

/** A token with no signature at all: `header.payload.` */
export const unsigned = (header: Record<string, unknown>, payload: unknown): string => `${b64json(header)}.${b64json(payload)}.`;

/** What the server stores for a refresh token (see RefreshTokenService.hash). */
export const sha256Base64url = (token: string): string => createHash('sha256').update(token).digest('base64url');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same bytes, spelled differently: flips a padding bit of the last base64url character, which a
 * lenient decoder ignores. Needs a segment whose length is not a multiple of 4 (then such bits exist).
 */
export function nonCanonical(segment: string): string {
  if (segment.length % 4 === 0) throw new Error('a segment of 4n characters has no padding bits');
  const last = ALPHABET.indexOf(segment.at(-1)!);
  const variant = `${segment.slice(0, -1)}${ALPHABET[last ^ 1]}`;
  if (!Buffer.from(variant, 'base64url').equals(Buffer.from(segment, 'base64url'))) throw new Error('not the same bytes');
  return variant;
}

/** A different signature: flips the lowest data bit of the last decoded byte. */
export function flippedSignatureBit(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  const last = bytes.length - 1;
  bytes.writeUInt8(bytes.readUInt8(last) ^ 1, last);
  return `${header}.${payload}.${b64url(bytes)}`;
}
