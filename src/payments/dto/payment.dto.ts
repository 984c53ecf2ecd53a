import { ApiProperty } from '@nestjs/swagger';

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['recorded'], description: 'No gateway is involved: a payment is a recorded ledger row' })
  status!: string;
  @ApiProperty({ type: 'integer', example: 1999 }) amountMinor!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ example: 'Invoice 2026-0042' }) description!: string;
  @ApiProperty() createdAt!: Date;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentDto], description: 'Newest first' }) items!: PaymentDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page',
  })
  nextCursor!: string | null;
}
