import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { OTP, OTP_MESSAGE } from '../../auth/dto/otp.validators.js';

/** Refuses the field when `other` is present too: the body carries exactly one kind of code. */
function NotWith(other: string) {
  return ValidateBy({
    name: 'notWith',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as Record<string, unknown>)[other] === undefined,
      defaultMessage: (args) => `send either ${args?.property} or ${other}, not both`,
    },
  });
}

/** Either a current TOTP code or one unused recovery code (for a lost authenticator): exactly one of them. */
export class DisableTwoFactorDto {
  // Checked when given, and required when no recovery code is.
  @ValidateIf((body: DisableTwoFactorDto) => body.otp !== undefined || body.recoveryCode === undefined)
  @ApiPropertyOptional({ example: '123456', pattern: OTP.source, description: 'A current code from the authenticator app' })
  @IsString({ message: 'send otp (6 digits) or recoveryCode' })
  @Matches(OTP, { message: OTP_MESSAGE })
  @NotWith('recoveryCode')
  otp?: string;

  @ValidateIf((body: DisableTwoFactorDto) => body.recoveryCode !== undefined)
  @ApiPropertyOptional({ example: 'a1b2c-3d4e5', description: 'One of the recovery codes shown when 2FA was enabled; instead of otp' })
  @IsString()
  @MaxLength(64)
  @Matches(/^[0-9a-f\s-]+$/i, { message: 'recoveryCode must look like xxxxx-xxxxx' })
  @NotWith('otp')
  recoveryCode?: string;
}
