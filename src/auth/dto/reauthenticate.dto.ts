import { IsPresentedPassword } from '../passwords/password.validators.js';
import { IsOptionalOtp } from './otp.validators.js';

export class ReauthenticateDto {
  @IsPresentedPassword()
  password!: string;

  @IsOptionalOtp()
  otp?: string;
}
