import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/errors/api-error.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

// Printable ASCII: what UUIDs and the usual client-generated keys are made of, and safe to log.
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/** The header value as a key, or a 400 in the error shape when it is missing, empty, too long or not text. */
export function parseIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidKey(`The ${IDEMPOTENCY_KEY_HEADER} header is required`);
  }
  if (value.length > IDEMPOTENCY_KEY_MAX_LENGTH || !PRINTABLE_ASCII.test(value)) {
    throw invalidKey(`The ${IDEMPOTENCY_KEY_HEADER} header must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters`);
  }
  return value;
}

const invalidKey = (message: string) => new ApiError(400, 'invalid_idempotency_key', message);

/**
 * The caller's `Idempotency-Key` header, validated; also documents the header on the route, so the
 * OpenAPI document and the check cannot drift apart.
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    parseIdempotencyKey(context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']),
  [
    (target, key) => {
      if (key === undefined) return;
      ApiHeader({
        name: IDEMPOTENCY_KEY_HEADER,
        required: true,
        description:
          'A client-chosen key (e.g. a UUID) per intended payment. A retry with the same key and body returns the original ' +
          'payment; the same key with another body is refused with 409. Keys are scoped to the user.',
        schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH, pattern: PRINTABLE_ASCII.source },
      })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
    },
  ],
);
