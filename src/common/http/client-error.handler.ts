import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { defaultErrorCode } from '../errors/error-codes.js';

const STATUS_BY_CODE = new Map([
  ['HPE_HEADER_OVERFLOW', 431],
  ['HPE_URI_TOO_LONG', 414],
  ['ERR_HTTP_REQUEST_TIMEOUT', 408],
]);

const MESSAGES: Record<number, string> = {
  400: 'Malformed HTTP request',
  408: 'Request timed out',
  414: 'Request URI is too long',
  431: 'Request header fields are too large',
};

/**
 * Errors Node's HTTP parser raises before a request exists (oversize headers, garbage on the wire).
 * Without this they end as a bare status line; here they get the API's JSON error shape too.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (socket.destroyed || !socket.writable) return;
  const status = STATUS_BY_CODE.get(error.code ?? '') ?? 400;
  const body = JSON.stringify({ statusCode: status, error: defaultErrorCode(status), message: MESSAGES[status] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
