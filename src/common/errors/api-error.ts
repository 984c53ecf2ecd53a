import { HttpException } from '@nestjs/common';

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown[];
}

/**
 * An error with a stable machine-readable code (`error`) that clients can branch on. For 401s,
 * `challenge` is the exact `WWW-Authenticate` value to send (RFC 6750 / RFC 9470).
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly extras: { challenge?: string; details?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super({ statusCode: status, error: code, message }, status);
  }
}
