import { describe, expect, it } from 'vitest';
import {
  displayNameFor,
  normaliseEmail,
  normalisePhone,
  normalisePlatformId,
} from '../../src/shared/model/identity';
import { detectPreset } from '../../src/main/imports/presets';
import {
  currencyExponent,
  normaliseCurrency,
  parseAmount,
  parseDate,
  parseQuantity,
  toMinor,
  type CellValue,
  type DecimalSeparator,
} from '../../src/main/imports/values';

// The value parsers are pure; they live beside the import tests that depend on them.

function minor(
  cell: CellValue,
  currency = 'USD',
  separator: DecimalSeparator = '.',
): number | string {
  const parsed = parseAmount(cell, separator);
  if (!parsed.ok) return parsed.reason;
  const value = toMinor(parsed.value.value, currencyExponent(currency));
  return value === null ? 'too large' : value;
}

describe('amounts', () => {
  it.each<[CellValue, number | string]>([
    ['1,234.50', 123450],
    ['¥1,234.50', 123450],
    ['$12', 1200],
    ['12.5 USD', 1250],
    ['USD 12.5', 1250],
    ['(12.00)', -1200],
    ['($12.00)', -1200],
    ['-3.1', -310],
    ['3.10-', -310],
    ['US$ 7', 700],
    ['1 234.56', 123456],
    ["1'234.56", 123456],
    ['8.289999999999999', 829],
    ['0.005', 1],
    ['0.004', 0],
    ['.5', 50],
    [8.29, 829],
    [1e-7, 0],
    ['12,50', "unparseable amount '12,50'"],
    ['1,23,456', "unparseable amount '1,23,456'"],
    ['abc', "unparseable amount 'abc'"],
    ['12 XYZ', "unparseable amount '12 XYZ'"],
    ['', 'empty amount'],
  ])('%j → %j', (cell, expected) => {
    expect(minor(cell)).toBe(expected);
  });

  it('a decimal comma, when the mapping says so', () => {
    expect(minor('1.234,50', 'EUR', ',')).toBe(123450);
    expect(minor('1.234,5 €', 'EUR', ',')).toBe(123450);
    expect(minor('49,00', 'EUR', ',')).toBe(4900);
    expect(minor('1.234', 'EUR', ',')).toBe(123400);
  });

  it('currency exponents from ICU, and codes written with the amount', () => {
    expect([currencyExponent('JPY'), currencyExponent('CNY'), currencyExponent('KWD')]).toEqual([
      0, 2, 3,
    ]);
    expect(minor('¥12,000', 'JPY')).toBe(12000);
    expect(minor('12.5', 'JPY')).toBe(13);
    expect(minor('1.2345', 'KWD')).toBe(1235);
    const amount = parseAmount('30元');
    expect(amount.ok && amount.value.currency).toBe('CNY');
    const code = parseAmount('12.5 usd');
    expect(code.ok && code.value.currency).toBe('USD');
    expect([
      normaliseCurrency('rmb'),
      normaliseCurrency(' usd '),
      normaliseCurrency('人民币'),
      normaliseCurrency('XXY'),
    ]).toEqual(['CNY', 'USD', 'CNY', null]);
  });

  it('quantities are whole numbers', () => {
    expect(parseQuantity('2')).toEqual({ ok: true, value: 2 });
    expect(parseQuantity(3)).toEqual({ ok: true, value: 3 });
    expect(parseQuantity('2.0')).toEqual({ ok: true, value: 2 });
    expect(parseQuantity('-905')).toEqual({ ok: true, value: -905 });
    expect(parseQuantity('1,000')).toEqual({ ok: true, value: 1000 });
    expect(parseQuantity('2.5')).toMatchObject({
      ok: false,
      reason: "quantity '2.5' is not a whole number",
    });
    expect(parseQuantity('two')).toEqual({
      ok: false,
      reason: "unparseable quantity 'two'",
      issue: { code: 'unparseable-quantity', params: { value: 'two' } },
    });
  });
});

describe('dates', () => {
  const at = (
    cell: CellValue,
    options: Partial<Parameters<typeof parseDate>[1]> = {},
  ): number | string => {
    const parsed = parseDate(cell, { utcOffsetMinutes: 0, ...options });
    return parsed.ok ? parsed.value : parsed.reason;
  };

  it.each<[CellValue, number | string]>([
    ['2024-03-05', Date.UTC(2024, 2, 5)],
    ['2024-03-05 14:30', Date.UTC(2024, 2, 5, 14, 30)],
    ['2024-3-5 9:05:07', Date.UTC(2024, 2, 5, 9, 5, 7)],
    ['2024/03/05 14:30:00', Date.UTC(2024, 2, 5, 14, 30)],
    ['2024-03-05T14:30:00.250Z', Date.UTC(2024, 2, 5, 14, 30, 0, 250)],
    ['2024-03-05T14:30:00+08:00', Date.UTC(2024, 2, 5, 6, 30)],
    ['2024-03-05 14:30:00 +0800', Date.UTC(2024, 2, 5, 6, 30)],
    ['2024-03-05 14:30:00 UTC', Date.UTC(2024, 2, 5, 14, 30)],
    ['2024年3月5日 14:30', Date.UTC(2024, 2, 5, 14, 30)],
    ['2024年3月5日14:30', Date.UTC(2024, 2, 5, 14, 30)],
    ['15 Jan 2024', Date.UTC(2024, 0, 15)],
    ['Jan 15, 2024 2:05 PM', Date.UTC(2024, 0, 15, 14, 5)],
    ['12 sept 2024 12:00 am', Date.UTC(2024, 8, 12, 0, 0)],
    ['20240115', Date.UTC(2024, 0, 15)],
    [45306.5, Date.UTC(2024, 0, 15, 12)],
    ['45306.5', Date.UTC(2024, 0, 15, 12)],
    [40846.67847222222, Date.UTC(2011, 9, 30, 16, 17)],
    [1_700_000_000, 1_700_000_000_000],
    [1_700_000_000_123, 1_700_000_000_123],
    [new Date(Date.UTC(2011, 9, 30, 16, 17)), Date.UTC(2011, 9, 30, 16, 17)],
    ['2024-02-30', "unparseable date '2024-02-30'"],
    ['2024-03-05 24:00', "unparseable date '2024-03-05 24:00'"],
    ['yesterday', "unparseable date 'yesterday'"],
    ['', 'empty date'],
  ])('%j → %j', (cell, expected) => {
    expect(at(cell)).toBe(expected);
  });

  it('DD/MM/YYYY and MM/DD/YYYY only with a date order, never guessed', () => {
    expect(at('05/03/2024')).toBe(
      "ambiguous date '05/03/2024': set the date order (day/month/year or month/day/year) in the mapping",
    );
    expect(at('25/12/2024')).toMatch(/^ambiguous date/);
    expect(at('05/03/2024', { dateOrder: 'DMY' })).toBe(Date.UTC(2024, 2, 5));
    expect(at('05/03/2024', { dateOrder: 'MDY' })).toBe(Date.UTC(2024, 4, 3));
    expect(at('12/1/2010 8:26', { dateOrder: 'MDY' })).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(at('13/01/2024', { dateOrder: 'MDY' })).toBe("unparseable date '13/01/2024'");
    expect(at('5.3.24', { dateOrder: 'DMY' })).toBe(Date.UTC(2024, 2, 5));
  });

  it('a time without a zone is read in the given offset; an explicit zone wins', () => {
    expect(at('2024-03-05 14:30', { utcOffsetMinutes: 480 })).toBe(Date.UTC(2024, 2, 5, 6, 30));
    expect(at('2024-03-05 14:30', { utcOffsetMinutes: -300 })).toBe(Date.UTC(2024, 2, 5, 19, 30));
    expect(at('2024-03-05T14:30Z', { utcOffsetMinutes: 480 })).toBe(Date.UTC(2024, 2, 5, 14, 30));
    expect(at(45306.5, { utcOffsetMinutes: 480 })).toBe(Date.UTC(2024, 0, 15, 4));
    expect(at(new Date(Date.UTC(2024, 0, 15, 12)), { utcOffsetMinutes: 480 })).toBe(
      Date.UTC(2024, 0, 15, 4),
    );
  });
});

describe('identities', () => {
  it('emails: trimmed, lower-cased, plus-addressing kept, full-width folded', () => {
    expect(normaliseEmail('  Ann+Course@Example.COM ')).toBe('ann+course@example.com');
    expect(normaliseEmail('ＡＮＮ＠example.com')).toBe('ann@example.com');
    expect(normaliseEmail('mailto:bob@example.com')).toBe('bob@example.com');
    expect(normaliseEmail('<bob@example.com>')).toBe('bob@example.com');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normaliseEmail('a@b')).toBeNull();
  });

  it('phones: E.164-like with a default country code', () => {
    expect(normalisePhone('13800138000', '86')).toBe('+8613800138000');
    expect(normalisePhone('138-0013-8000', '86')).toBe('+8613800138000');
    expect(normalisePhone('+86 138 0013 8000')).toBe('+8613800138000');
    expect(normalisePhone('008613800138000')).toBe('+8613800138000');
    expect(normalisePhone('8613800138000', '86')).toBe('+8613800138000');
    expect(normalisePhone('010-6552 9988', '86')).toBe('+861065529988');
    expect(normalisePhone('07700 900123', '44')).toBe('+447700900123');
    expect(normalisePhone('(555) 010-9999 ext. 12', '1')).toBe('+15550109999');
    expect(normalisePhone('13800138000')).toBe('13800138000');
    expect(normalisePhone('12345', '86')).toBeNull();
    expect(normalisePhone('n/a', '86')).toBeNull();
  });

  it('platform ids and display names', () => {
    expect(normalisePlatformId(' 17850 ')).toBe('17850');
    expect(normalisePlatformId('17850.0')).toBe('17850');
    expect(normalisePlatformId('cus_ABC')).toBe('cus_ABC');
    expect(normalisePlatformId('  ')).toBeNull();
    const buyer = { email: null, phone: null, platformId: null, name: null };
    expect(displayNameFor({ ...buyer, name: '  王  芳 ' }, 'shop')).toBe('王 芳');
    expect(displayNameFor({ ...buyer, email: 'ann+x@example.com' }, 'shop')).toBe('ann+x');
    expect(
      displayNameFor({ ...buyer, platformId: '17850', phone: '+8613800138000' }, 'retail'),
    ).toBe('retail 17850');
    expect(displayNameFor({ ...buyer, phone: '+8613800138000' }, 'shop')).toBe('…8000');
  });
});

describe('preset detection', () => {
  it('names the preset and how sure it is', () => {
    expect(
      detectPreset([
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ]),
    ).toEqual({ preset: 'online-retail', confidence: 1 });
    expect(
      detectPreset([
        '\uFEFF订单号',
        '下单时间',
        '手机号',
        '商品名称',
        '实付金额（元）',
        '订单状态',
      ]),
    ).toEqual({
      preset: 'xiaoe-tech',
      confidence: 0.75,
    });
    expect(detectPreset(['id', 'Created (UTC)', 'Amount', 'Currency', 'Status'])).toMatchObject({
      preset: 'stripe',
    });
    expect(detectPreset(['order id', 'date', 'total'])).toMatchObject({ preset: 'generic' });
    expect(detectPreset(['foo', 'bar'])).toBeNull();
  });
});
