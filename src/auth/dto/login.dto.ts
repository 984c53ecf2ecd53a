import { IsPresentedPassword } from '../passwords/password.validators.js';
import { IsAccountEmail } from './email.validators.js';
import { IsOptionalOtp } from './otp.validators.js';

export class LoginDto {
  @IsAccountEmail()
  email!: string;

  @IsPresentedPassword()
  password!: string;

  @IsOptionalOtp()
  otp?: string;
}
