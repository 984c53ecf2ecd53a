import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches, ValidateBy, ValidateIf } from 'class-validator';

export const TITLE_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 10_000;

/** Postgres text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8 (it would be stored altered). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const IsStorableText = () =>
  ValidateBy({
    name: 'isStorableText',
    validator: {
      validate: (value) => typeof value === 'string' && !UNSTORABLE.test(value),
      defaultMessage: (args) => `${args?.property} must not contain NUL characters or unpaired surrogates`,
    },
  });

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
