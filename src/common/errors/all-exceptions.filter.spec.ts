import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ApiError } from './api-error.js';
import { toErrorAnswer } from './all-exceptions.filter.js';

describe('toErrorAnswer', () => {
  it('keeps the code, message and challenge of an ApiError', () => {
    const answer = toErrorAnswer(new ApiError(401, 'invalid_token', 'Token expired', { challenge: 'Bearer x' }));
    expect(answer.body).toEqual({ statusCode: 401, error: 'invalid_token', message: 'Token expired' });
    expect(answer.headers['www-authenticate']).toBe('Bearer x');
  });

  it('adds a realm challenge to every other 401', () => {
    const answer = toErrorAnswer(new UnauthorizedException());
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="keystep"');
  });

  it('reports validation messages as details', () => {
    const answer = toErrorAnswer(new BadRequestException(['email must be an email']));
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'validation_failed',
      message: 'Request validation failed',
      details: ['email must be an email'],
    });
  });

  it('maps a Nest 404 to not_found', () => {
    expect(toErrorAnswer(new NotFoundException('Cannot GET /nope')).body.error).toBe('not_found');
  });

  it('maps Fastify body errors to their 4xx without internals', () => {
    const tooLarge = Object.assign(new Error('FST body too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toErrorAnswer(tooLarge).body).toEqual({
      statusCode: 413,
      error: 'payload_too_large',
      message: 'Request body is too large',
    });
  });

  it('hides the details of unexpected errors behind a 500', () => {
    const answer = toErrorAnswer(new Error('connection string postgres://secret@db'));
    expect(answer.body).toEqual({ statusCode: 500, error: 'internal_error', message: 'Internal server error' });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });
});
