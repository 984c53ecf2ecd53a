import { ApiProperty } from '@nestjs/swagger';
import type { IssuedAccessToken } from './access-token.service.js';

/** What login and refresh answer with. */
export class TokenPair {
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Short-lived access token (JWT, typ at+jwt)' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn!: number;

  @ApiProperty({ description: 'Single-use refresh token (JWT, typ rt+jwt)' })
  refreshToken!: string;

  @ApiProperty({ description: 'Seconds until the refresh token expires', example: 604800 })
  refreshExpiresIn!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Epoch seconds until which the access token satisfies step-up; null after a refresh',
  })
  secureUntil!: number | null;
}

/** The answer of login and refresh: a fresh access token plus the session's current refresh token. */
export function toTokenPair(access: IssuedAccessToken, refreshToken: string, refreshExpiresIn: number): TokenPair {
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresIn,
    secureUntil: access.secureUntil,
  };
}
