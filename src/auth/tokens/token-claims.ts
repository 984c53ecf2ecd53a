/** `authType` of an access token: how the trust behind it was established. */
export type AuthType = 'credentials' | 'refresh';

/** Claims of a verified access token (header `typ: at+jwt`). Times are epoch seconds. */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  /** Time of the credential login (or re-authentication) behind the session. */
  auth_time: number;
  amr: string[];
  authType: AuthType;
  isSecure: boolean;
  /** Present only on tokens minted by a credential login or re-authentication. */
  secureUntil?: number;
}

/** Claims of a refresh token (header `typ: rt+jwt`). */
export interface RefreshTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const REFRESH_TOKEN_TYPE = 'rt+jwt';
/** Pinned; nothing else is ever accepted, whatever a token's header says. (Access tokens: ACCESS_TOKEN_ALGORITHM.) */
export const REFRESH_TOKEN_ALGORITHMS = ['HS256'] as const;

export const nowInSeconds = (): number => Math.floor(Date.now() / 1000);
export const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The claims both token kinds carry, with their JSON types; shared by both shape checks. */
export function hasCoreClaims(claims: Partial<RefreshTokenClaims>): boolean {
  return (
    typeof claims.sub === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.jti === 'string' &&
    typeof claims.exp === 'number' &&
    typeof claims.iat === 'number'
  );
}
