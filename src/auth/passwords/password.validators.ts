import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, ValidateBy, type ValidationOptions } from 'class-validator';
import { codePointLength, isCommonPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './common-passwords.js';

const withinLength = (min: number) => (value: unknown) =>
  typeof value === 'string' && codePointLength(value) >= min && codePointLength(value) <= PASSWORD_MAX_LENGTH;

function LengthInCodePoints(min: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'passwordLength',
      validator: {
        validate: withinLength(min),
        defaultMessage: (args) => `${args?.property} must be ${min} to ${PASSWORD_MAX_LENGTH} characters long`,
      },
    },
    options,
  );
}

function NotCommonPassword(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'notCommonPassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !isCommonPassword(value),
        defaultMessage: (args) => `${args?.property} is too common; choose one that is harder to guess`,
      },
    },
    options,
  );
}

/** A new password: 8-256 characters of any script, not one of the well-known common passwords. */
export const IsNewPassword = () =>
  applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' }),
    IsString(),
    LengthInCodePoints(PASSWORD_MIN_LENGTH),
    NotCommonPassword(),
  );

/** A password being checked: any non-empty string up to the maximum, refused before any hashing beyond it. */
export const IsPresentedPassword = () =>
  applyDecorators(
    ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    IsString(),
    LengthInCodePoints(1),
  );
