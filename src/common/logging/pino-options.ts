import type { LoggerOptions } from 'pino';

/** Paths that can hold credentials; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.otp',
  '*.recoveryCode',
  '*.secret',
];

/** A request URL as logs may show it: the path only, since query strings may carry tokens (a magic link). */
export function loggablePath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** How a request or reply passed to a logger is written: never headers, bodies or the query string. */
const serializers = {
  req: (request: { id: string; method: string; url?: string }) => ({
    id: request.id,
    method: request.method,
    path: request.url === undefined ? undefined : loggablePath(request.url),
  }),
  res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
};

/** The application log (nestjs-pino): anything may be logged, so credential-bearing paths are redacted. */
export function pinoOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers };
}

/**
 * Fastify's request log. Its lines hold only the flat fields RequestLogController picks and what the
 * serializers above keep, so there is nothing to redact; pino's redaction would still walk every line.
 */
export function requestLogOptions(level: string): LoggerOptions {
  return { level, serializers };
}
