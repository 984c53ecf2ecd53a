import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export const OTP = /^\d{6}$/;
export const OTP_MESSAGE = 'otp must be 6 digits';

/** A 6-digit TOTP code. */
export const IsOtp = () =>
  applyDecorators(ApiProperty({ example: '123456', pattern: OTP.source }), IsString(), Matches(OTP, { message: OTP_MESSAGE }));

export const IsOptionalOtp = () =>
  applyDecorators(
    ApiPropertyOptional({ example: '123456', pattern: OTP.source, description: 'Required when two-factor authentication is on' }),
    IsOptional(),
    IsString(),
    Matches(OTP, { message: OTP_MESSAGE }),
  );
