import { createHash } from 'node:crypto';

/** The fields that define a payment request; two requests with equal fields are the same request. */
export interface PaymentRequest {
  amountMinor: number;
  currency: string;
  description: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level, so the text does not depend on the order a client sent them in. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of the canonical request body. Only the payment fields are picked, so nothing else on
 * the validated object (prototype, transformer state) can change the hash of a retry.
 */
export function paymentRequestHash(request: PaymentRequest): string {
  const { amountMinor, currency, description } = request;
  return createHash('sha256').update(canonicalJson({ amountMinor, currency, description }), 'utf8').digest('hex');
}
