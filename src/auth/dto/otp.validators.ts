import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const OTP = /^\d{6}$/;

/** A 6-digit TOTP code. */
export const IsOtp = () =>
  applyDecorators(ApiProperty({ example: '123456', pattern: OTP.source }), IsString(), Matches(OTP, { message: 'otp must be 6 digits' }));

export const IsOptionalOtp = () =>
  applyDecorators(
    ApiPropertyOptional({ example: '123456', pattern: OTP.source, description: 'Required when two-factor authentication is on' }),
    IsOptional(),
    IsString(),
    Matches(OTP, { message: 'otp must be 6 digits' }),
  );
