import { ApiError } from '../common/errors/api-error.js';
import { parseIdempotencyKey } from './idempotency-key.decorator.js';

function rejection(value: unknown): ApiError {
  try {
    parseIdempotencyKey(value);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

describe('parseIdempotencyKey', () => {
  it('accepts 1 to 255 printable ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('k'.repeat(255))).toBe('k'.repeat(255));
    expect(parseIdempotencyKey('order 42/retry-1')).toBe('order 42/retry-1');
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['a 256-character key', 'k'.repeat(256)],
    ['a repeated header', ['a', 'b']],
    ['non-ASCII text', 'clé'],
  ])('refuses %s with a 400 invalid_idempotency_key', (_name, value) => {
    const error = rejection(value);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.getStatus()).toBe(400);
    expect(error.code).toBe('invalid_idempotency_key');
  });
});
