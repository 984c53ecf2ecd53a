import type { Response } from 'supertest';

const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'details']);

/**
 * Why `body` is not the API's error shape `{ statusCode, error, message, details? }` for `status`,
 * or undefined when it is. A plain function (not `expect`) so property-based runs can report it.
 */
export function errorShapeProblem(status: number, contentType: string | undefined, body: unknown): string | undefined {
  if (!contentType?.startsWith('application/json')) return `content-type is ${contentType ?? 'missing'}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const fields = body as Record<string, unknown>;
  const extra = Object.keys(fields).filter((key) => !ERROR_KEYS.has(key));
  if (extra.length > 0) return `unexpected fields: ${extra.join(', ')}`;
  if (fields.statusCode !== status) return `statusCode ${String(fields.statusCode)} differs from the HTTP status ${status}`;
  if (typeof fields.error !== 'string' || !/^[a-z_]+$/.test(fields.error)) return 'error is not a snake_case code';
  if (typeof fields.message !== 'string' || fields.message.length === 0) return 'message is not a non-empty string';
  if (fields.details !== undefined && !Array.isArray(fields.details)) return 'details is not an array';
  return undefined;
}

/** Asserts that a supertest response is an error of `status` in the API's error shape. */
export function expectErrorShape(response: Response, status: number, error?: string): void {
  expect({ status: response.status, problem: errorShapeProblem(response.status, response.headers['content-type'], response.body) }).toEqual({
    status,
    problem: undefined,
  });
  if (error !== undefined) expect(response.body.error).toBe(error);
}
