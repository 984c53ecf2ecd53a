import { dictionary } from '@zxcvbn-ts/language-common';

/** Minimum and maximum password length, in Unicode code points (never truncated). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The ~49,000 most common passwords shipped with zxcvbn-ts, lower-cased. Only those long enough to
 * pass the length rule matter, which keeps the set small.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[])
    .filter((password) => password.length >= PASSWORD_MIN_LENGTH)
    .map((password) => password.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

export const commonPasswordCount = (): number => COMMON_PASSWORDS.size;

export const codePointLength = (text: string): number => [...text].length;
