/** Emails are stored and compared trimmed and lower-cased, so case variants are one account. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
