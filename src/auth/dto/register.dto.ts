import { IsNewPassword } from '../passwords/password.validators.js';
import { IsAccountEmail } from './email.validators.js';

export class RegisterDto {
  @IsAccountEmail()
  email!: string;

  @IsNewPassword()
  password!: string;
}
