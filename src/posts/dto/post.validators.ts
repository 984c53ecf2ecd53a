import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsStorableText } from '../../common/validation/storable-text.js';

export const TITLE_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 10_000;

interface TextFieldOptions {
  /** For PATCH: the field may be left out, but never sent as null (the column is not nullable). */
  optional?: boolean;
}

/**
 * Text stored as sent (not trimmed), 1 to `max` characters, with at least one non-blank character.
 * Lengths count characters (code points), as class-validator's `Length` does.
 */
function postText(field: string, max: number, example: string, { optional = false }: TextFieldOptions) {
  const doc = { minLength: 1, maxLength: max, example, description: `1-${max} characters, not only whitespace; stored as sent` };
  return applyDecorators(
    optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(optional ? [ValidateIf((_object, value) => value !== undefined)] : []),
    IsString(),
    Length(1, max),
    Matches(/\S/, { message: `${field} must not be blank` }),
    IsStorableText(),
  );
}

export const IsPostTitle = (options: TextFieldOptions = {}) => postText('title', TITLE_MAX_LENGTH, 'Hello, world', options);
export const IsPostBody = (options: TextFieldOptions = {}) => postText('body', BODY_MAX_LENGTH, 'My first post.', options);
