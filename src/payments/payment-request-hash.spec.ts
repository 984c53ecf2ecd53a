import { createHash } from 'node:crypto';
import { canonicalJson, paymentRequestHash } from './payment-request-hash.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('escapes strings exactly as JSON does', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak "quoted" é' })).toBe(JSON.stringify({ 'k"ey': 'line\nbreak "quoted" é' }));
  });
});

describe('paymentRequestHash', () => {
  const request = { amountMinor: 1999, currency: 'EUR', description: 'Invoice 42' };

  it('is the SHA-256 of the key-sorted JSON body', () => {
    expect(paymentRequestHash(request)).toBe(sha256('{"amountMinor":1999,"currency":"EUR","description":"Invoice 42"}'));
  });

  it('does not depend on the order of the keys', () => {
    const reordered = { description: 'Invoice 42', currency: 'EUR', amountMinor: 1999 };
    expect(paymentRequestHash(reordered)).toBe(paymentRequestHash(request));
  });

  it('changes when any field changes', () => {
    const hashes = new Set([
      paymentRequestHash(request),
      paymentRequestHash({ ...request, amountMinor: 2000 }),
      paymentRequestHash({ ...request, currency: 'USD' }),
      paymentRequestHash({ ...request, description: 'Invoice 43' }),
    ]);
    expect(hashes.size).toBe(4);
  });

  it('ignores properties that are not payment fields', () => {
    const withExtra = Object.assign(Object.create({ inherited: 1 }), request, { extra: 'x' });
    expect(paymentRequestHash(withExtra)).toBe(paymentRequestHash(request));
  });

  it('cannot be confused by field values that look like JSON', () => {
    const a = paymentRequestHash({ amountMinor: 1, currency: 'EUR', description: 'a","currency":"USD' });
    const b = paymentRequestHash({ amountMinor: 1, currency: 'USD', description: 'a' });
    expect(a).not.toBe(b);
  });
});
