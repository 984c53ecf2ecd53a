import { isCanonicalCompactJws } from './access-token-verifier.js';

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
// 64 signature bytes: 86 base64url characters, the last one carrying 4 unused bits.
const signature = Buffer.alloc(64, 7).toString('base64url');
const token = `${segment({ alg: 'EdDSA', typ: 'at+jwt' })}.${segment({ sub: 'x' })}.${signature}`;

describe('isCanonicalCompactJws', () => {
  it('accepts three unpadded base64url segments', () => {
    expect(isCanonicalCompactJws(token)).toBe(true);
  });

  it('refuses padding, standard-base64 characters, and extra, missing or empty segments', () => {
    for (const variant of [`${token}=`, `${token}==`, token.replace(/.$/, '+'), `${token}.x`, token.slice(0, token.lastIndexOf('.')), `${token.split('.')[0]}..${signature}`, '']) {
      expect(isCanonicalCompactJws(variant)).toBe(false);
    }
  });

  it('refuses another spelling of the same bytes (unused bits set in the last character)', () => {
    // The signature ends in "w" (0b110000: two data bits, four unused); "x" (0b110001) decodes the same.
    expect(token.at(-1)).toBe('w');
    const spelledOtherwise = `${token.slice(0, -1)}x`;
    expect(Buffer.from(spelledOtherwise.split('.')[2]!, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(isCanonicalCompactJws(spelledOtherwise)).toBe(false);
  });
});
