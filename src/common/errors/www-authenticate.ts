/** RFC 6750 / RFC 9470 `WWW-Authenticate` values. Quotes and backslashes are escaped per RFC 7230. */
export const REALM = 'keystep';

const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

export function bearerChallenge(params: Record<string, string | number | undefined> = {}): string {
  const parts = [`realm=${quote(REALM)}`];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(typeof value === 'number' ? `${key}=${value}` : `${key}=${quote(value)}`);
  }
  return `Bearer ${parts.join(', ')}`;
}
