/**
 * ISO 4217 codes of the currencies in circulation, from the ICU data that ships with Node
 * (`Intl.supportedValuesOf`), so the list is maintained with the runtime rather than by hand.
 */
export const ISO_4217_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Exact match only: lower-case or padded codes are refused, not normalised, so a code has one spelling. */
export const isIso4217Currency = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Z]{3}$/.test(value) && ISO_4217_CURRENCIES.has(value);
