import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreatePaymentDto } from './create-payment.dto.js';

const valid = { amountMinor: 1999, currency: 'EUR', description: 'Invoice 42' };
const failedFields = (body: object) =>
  validateSync(plainToInstance(CreatePaymentDto, body), { forbidUnknownValues: true }).map((error) => error.property);

describe('CreatePaymentDto', () => {
  it('accepts a valid payment, including the largest amount the column holds', () => {
    expect(failedFields(valid)).toEqual([]);
    expect(failedFields({ ...valid, amountMinor: 2 ** 31 - 1 })).toEqual([]);
    expect(failedFields({ ...valid, currency: 'JPY', amountMinor: 1 })).toEqual([]);
  });

  it.each([0, -1, 1.5, '100', 2 ** 31, null, true])('refuses amountMinor %p', (amountMinor) => {
    expect(failedFields({ ...valid, amountMinor })).toEqual(['amountMinor']);
  });

  it.each(['eur', 'EURO', 'EU', 'ABC', 'XXX', ' EUR', 978])('refuses currency %p', (currency) => {
    expect(failedFields({ ...valid, currency })).toEqual(['currency']);
  });

  it.each(['', '   ', 'x'.repeat(501), 'nul\u0000byte', 'bell\u0007', 'lone \uD800 surrogate', 42])('refuses description %p', (description) => {
    expect(failedFields({ ...valid, description })).toEqual(['description']);
  });

  it('keeps line breaks and tabs in a description', () => {
    expect(failedFields({ ...valid, description: 'line one\n\tline two\r\n' })).toEqual([]);
  });

  it('counts the 500-character limit in characters, not UTF-16 units', () => {
    expect(failedFields({ ...valid, description: '😀'.repeat(500) })).toEqual([]);
  });
});
