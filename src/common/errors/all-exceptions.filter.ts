import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUniqueViolation } from '../../prisma/prisma-errors.js';
import { loggablePath } from '../logging/pino-options.js';
import { ApiError, type ApiErrorBody } from './api-error.js';
import { defaultErrorCode } from './error-codes.js';
import { bearerChallenge } from './www-authenticate.js';

interface ErrorAnswer {
  body: ApiErrorBody;
  headers: Record<string, string>;
}

/** Errors raised by Fastify itself (body parsing, limits) carry a status but are not HttpExceptions. */
function isFastifyError(error: unknown): error is Error & { statusCode: number; code?: string } {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Content-Type must be application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body must not be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'Malformed URL',
};

/** No id is longer than the router's parameter limit, so such a path names nothing: 404. */
const NOT_FOUND_CODES = new Set(['FST_ERR_MAX_PARAM_LENGTH']);

/** Turns every error into `{ statusCode, error, message, details? }`; never leaks a stack or internals. */
export function toErrorAnswer(exception: unknown): ErrorAnswer {
  if (exception instanceof ApiError) {
    const status = exception.getStatus();
    const headers = { ...exception.extras.headers };
    if (status === 401) headers['www-authenticate'] = exception.extras.challenge ?? bearerChallenge();
    const body: ApiErrorBody = { statusCode: status, error: exception.code, message: exception.message };
    if (exception.extras.details) body.details = exception.extras.details;
    return { body, headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body: ApiErrorBody = { statusCode: status, error: defaultErrorCode(status), message: exception.message };
    if (typeof response === 'object' && response !== null) {
      const { message } = response as { message?: unknown };
      if (Array.isArray(message)) {
        body.error = 'validation_failed';
        body.message = 'Request validation failed';
        body.details = message;
      } else if (typeof message === 'string') {
        body.message = message;
      }
    }
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': bearerChallenge() } : {};
    return { body, headers };
  }
  // A unique index that a service did not expect to hit still means "this already exists", not a crash.
  if (isUniqueViolation(exception)) {
    return { body: { statusCode: 409, error: 'conflict', message: 'The resource already exists' }, headers: {} };
  }
  if (isFastifyError(exception) && NOT_FOUND_CODES.has(exception.code ?? '')) {
    return { body: { statusCode: 404, error: 'not_found', message: 'Not found' }, headers: {} };
  }
  if (isFastifyError(exception) && exception.statusCode >= 400 && exception.statusCode < 500) {
    const status = exception.statusCode;
    const message =
      FASTIFY_MESSAGES[exception.code ?? ''] ?? (status === 400 ? 'Malformed request body' : 'Bad request');
    return { body: { statusCode: status, error: defaultErrorCode(status), message }, headers: {} };
  }
  return {
    body: { statusCode: 500, error: 'internal_error', message: 'Internal server error' },
    headers: {},
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const reply = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const { body, headers } = toErrorAnswer(exception);
    if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(
        { err: exception, reqId: request?.id, method: request?.method, path: request?.url && loggablePath(request.url) },
        'Unhandled error',
      );
    }
    void reply.headers(headers).status(body.statusCode).send(body);
  }
}
