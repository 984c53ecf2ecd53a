// Durations are written `15s`, `15m`, `7d` in the environment. A bare number is refused on purpose:
// `ms('15')` would silently mean 15 milliseconds, which is how tokens end up living for no time at all.
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION = /^(\d+)(s|m|h|d)$/;

/** Parses `15s` / `15m` / `2h` / `7d` into seconds; returns undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}
