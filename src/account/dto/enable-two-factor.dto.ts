import { IsOtp } from '../../auth/dto/otp.validators.js';

export class EnableTwoFactorDto {
  /** A code from the authenticator app, proving it holds the secret from the setup step. */
  @IsOtp()
  otp!: string;
}
