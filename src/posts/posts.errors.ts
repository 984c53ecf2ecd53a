import { ApiError } from '../common/errors/api-error.js';

/** The one answer for another user's post, an unknown id and a malformed id, so ids cannot be probed. */
export const postNotFound = () => new ApiError(404, 'not_found', 'Post not found');

export const nothingToUpdate = () =>
  new ApiError(400, 'validation_failed', 'Request validation failed', {
    details: ['at least one of title, body must be given'],
  });
