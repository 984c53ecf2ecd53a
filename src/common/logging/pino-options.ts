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

/**
 * pino configuration for the application log (nestjs-pino) and, with `forRequests`, for Fastify's request
 * log. The request log only ever writes the serialised method, path, id and status below, never headers
 * or bodies, so it skips the wildcard redaction paths, which pino evaluates on every line.
 */
export function pinoOptions(level: string, forRequests = false): LoggerOptions {
  const paths = forRequests ? REDACTED_PATHS.filter((path) => !path.includes('*')) : REDACTED_PATHS;
  return {
    level,
    redact: { paths, censor: '[redacted]' },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        // Query strings may carry tokens (e.g. a magic link); log the path only.
        path: request.url?.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
}
