import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { IsStorableText } from '../../common/validation/storable-text.js';
import { ISO_4217_CURRENCIES, isIso4217Currency } from '../currency.js';

/** The `amountMinor` column is a Postgres `integer`. */
export const MAX_AMOUNT_MINOR = 2_147_483_647;
export const MAX_DESCRIPTION_LENGTH = 500;

const IsIso4217Currency = () =>
  ValidateBy({
    name: 'isIso4217Currency',
    validator: {
      validate: isIso4217Currency,
      defaultMessage: () => 'currency must be an upper-case ISO 4217 currency code, e.g. EUR',
    },
  });

export class CreatePaymentDto {
  @ApiProperty({
    description: 'Amount in the minor unit of the currency (cents for EUR, yen for JPY)',
    type: 'integer',
    minimum: 1,
    maximum: MAX_AMOUNT_MINOR,
    example: 1999,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiProperty({
    description: 'ISO 4217 code of a currency in circulation, upper case (lower case is refused)',
    enum: [...ISO_4217_CURRENCIES],
    example: 'EUR',
  })
  @IsIso4217Currency()
  currency!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_DESCRIPTION_LENGTH,
    example: 'Invoice 2026-0042',
    description: `1-${MAX_DESCRIPTION_LENGTH} characters, not only whitespace, no control characters; stored as sent`,
  })
  @IsString()
  @Length(1, MAX_DESCRIPTION_LENGTH)
  @Matches(/\S/, { message: 'description must not be blank' })
  @IsStorableText({ refuseControls: true })
  description!: string;
}
