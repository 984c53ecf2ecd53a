import { IsNewPassword, IsPresentedPassword } from '../../auth/passwords/password.validators.js';

export class ChangePasswordDto {
  @IsPresentedPassword()
  currentPassword!: string;

  /** Same policy as registration. */
  @IsNewPassword()
  newPassword!: string;
}
