// Parsing of the values found in exported order files: dates, money amounts, quantities and
// currency codes. Amounts are exact decimals (BigInt) until they become integer minor units, so
// that "8.289999999999999" (a float written out by a converter) and "1,234.50" both land on the
// cent a person would read, with no binary floating point in between.

import {
  englishIssueReason,
  type ImportIssueCode,
  type ImportIssueReason,
} from '../../shared/contract/import-issue-reasons';
import { clip } from './limits';

/** What a spreadsheet cell can hold once read (CSV gives only strings). */
export type CellValue = string | number | boolean | Date | null;

/** A value, or why not: `issue` for the studio to translate, `reason` the same in English. */
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; reason: string; issue: ImportIssueReason };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(
  code: ImportIssueCode,
  params: Record<string, string | number> = {},
): Parsed<T> => {
  const issue: ImportIssueReason = { code, params };
  return { ok: false, reason: englishIssueReason(issue), issue };
};

/** A cell as text, as a person would read it ('' for an empty cell). */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return Number.isFinite(cell) ? numberText(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
}

export function isBlank(cell: CellValue | undefined): boolean {
  return cellText(cell) === '';
}

/** Shortest decimal text of a number, never in exponent notation. */
function numberText(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Only very small or very large magnitudes get here; 20 places covers any plausible amount.
  return Math.abs(n) < 1 ? n.toFixed(20).replace(/0+$/, '') : BigInt(Math.round(n)).toString();
}

// ---------------------------------------------------------------------------------------------
// Decimals

/** units / 10^scale, exactly. */
export interface Decimal {
  units: bigint;
  scale: number;
}

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

export function decimalFromText(digits: string, negative: boolean): Decimal {
  const [whole = '0', fraction = ''] = digits.split('.');
  const units = BigInt((whole || '0') + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

export function multiply(value: Decimal, by: number): Decimal {
  return { units: value.units * BigInt(by), scale: value.scale };
}

export function isNegative(value: Decimal): boolean {
  return value.units < 0n;
}

export function isZero(value: Decimal): boolean {
  return value.units === 0n;
}

export function absolute(value: Decimal): Decimal {
  return value.units < 0n ? { units: -value.units, scale: value.scale } : value;
}

/**
 * Integer minor units for a currency with `exponent` fraction digits, rounding half away from
 * zero (what a till does). Returns null beyond Number.MAX_SAFE_INTEGER.
 */
export function toMinor(value: Decimal, exponent: number): number | null {
  let units: bigint;
  if (value.scale <= exponent) {
    units = value.units * pow10(exponent - value.scale);
  } else {
    const divisor = pow10(value.scale - exponent);
    const magnitude = value.units < 0n ? -value.units : value.units;
    let quotient = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
    units = value.units < 0n ? -quotient : quotient;
  }
  const result = Number(units);
  return Number.isSafeInteger(result) ? result : null;
}

// ---------------------------------------------------------------------------------------------
// Currencies

const CURRENCY_ALIASES: Readonly<Record<string, string>> = {
  RMB: 'CNY',
  人民币: 'CNY',
  元: 'CNY',
};

let knownCurrencies: Set<string> | null = null;

/** An ISO 4217 code from what an export wrote ('usd', 'RMB', '人民币'), or null if unknown. */
export function normaliseCurrency(raw: string): string | null {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return null;
  const code = CURRENCY_ALIASES[text] ?? CURRENCY_ALIASES[text.toUpperCase()] ?? text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return null;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code) ? code : null;
}

const exponents = new Map<string, number>();

/** Fraction digits of a currency's minor unit as ICU knows them: JPY 0, CNY 2, KWD 3. */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

// ---------------------------------------------------------------------------------------------
// Amounts

export type DecimalSeparator = '.' | ',';

export interface Amount {
  value: Decimal;
  /** An ISO code written with the amount ("12.5 USD", "RMB 30"); symbols like $ or ¥ say none. */
  currency: string | null;
}

// Symbols are stripped but never taken as a currency: "$" and "¥" each name several.
const CURRENCY_SYMBOLS = /[$¥￥€£₩₹₽₺₫₱฿₪元]|US\$|CN¥|HK\$|A\$|C\$|NT\$|R\$/g;
const SPACES = /[\s\u00a0\u2007\u202f]/g;

/**
 * Parses "1,234.50", "¥1,234.50", "$12", "12.5 USD", "(12.00)", "-3", "1.234,50" (with a decimal
 * comma), or a spreadsheet number. Thousands groups must have three digits, so "12,50" with a
 * decimal point is refused rather than read as 1250.
 */
export function parseAmount(cell: CellValue, separator: DecimalSeparator = '.'): Parsed<Amount> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('unparseable-amount', { value: clip(String(cell)) });
    const text = numberText(cell);
    return ok({ value: decimalFromText(text.replace('-', ''), cell < 0), currency: null });
  }
  const raw = cellText(cell);
  let text = raw.normalize('NFKC').replace(SPACES, '');
  if (text === '') return fail('empty-amount');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  let currency: string | null = null;
  const code = /^([A-Za-z]{3})|([A-Za-z]{3})$/.exec(text);
  if (code) {
    const found = normaliseCurrency(code[1] ?? code[2] ?? '');
    if (found === null) return fail('unparseable-amount', { value: clip(raw) });
    currency = found;
    text = code.index === 0 ? text.slice(3) : text.slice(0, -3);
  }
  if (text.includes('元') || /RMB/i.test(text)) currency ??= 'CNY';
  text = text.replace(/RMB/gi, '').replace(CURRENCY_SYMBOLS, '');
  if (/^[-−]/.test(text)) {
    negative = !negative;
    text = text.slice(1);
  } else if (/[-−]$/.test(text)) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  text = text.replace(CURRENCY_SYMBOLS, '').replace(/'/g, separator === '.' ? ',' : '.');
  const group = separator === '.' ? ',' : '.';
  const shape =
    separator === '.'
      ? /^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/
      : /^(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+)?$/;
  if (text === '' || !/\d/.test(text) || !shape.test(text)) {
    return fail('unparseable-amount', { value: clip(raw) });
  }
  const digits = text.split(group).join('').replace(',', '.');
  return ok({ value: decimalFromText(digits, negative), currency });
}

/** A whole, possibly negative quantity: "2", "2.0", "1,000", or a spreadsheet number. */
export function parseQuantity(cell: CellValue): Parsed<number> {
  const parsed = parseAmount(cell, '.');
  const raw = cellText(cell);
  if (!parsed.ok || parsed.value.currency !== null)
    return fail('unparseable-quantity', { value: clip(raw) });
  const { units, scale } = parsed.value.value;
  const divisor = pow10(scale);
  if (units % divisor !== 0n) return fail('quantity-not-whole', { value: clip(raw) });
  const quantity = Number(units / divisor);
  if (!Number.isSafeInteger(quantity) || Math.abs(quantity) > 1_000_000) {
    return fail('implausible-quantity', { value: clip(raw) });
  }
  return ok(quantity);
}

// ---------------------------------------------------------------------------------------------
// Dates

/** How to read NN/NN/YYYY, which no file can be trusted to say by itself. */
export type DateOrder = 'DMY' | 'MDY';

export interface DateOptions {
  dateOrder?: DateOrder | undefined;
  /** The offset of the clock the file was written in, for times without their own zone. */
  utcOffsetMinutes: number;
  /**
   * An IANA time zone (`Asia/Shanghai`, `Europe/London`) for times without their own zone; wins
   * over utcOffsetMinutes and follows the zone's daylight-saving rules (converted with Intl). A
   * wall-clock time in a daylight-saving gap or overlap is read with one of the two offsets
   * around it. Never the machine's own zone.
   */
  timeZone?: string | undefined;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** True when Intl knows the IANA time zone name. */
export function isTimeZone(timeZone: string): boolean {
  try {
    zoneFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of zoneFormat(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/** A wall-clock time (given as if it were UTC) in the options' zone or offset → UTC ms. */
function fromWallClock(local: number, options: DateOptions): number {
  const zone = options.timeZone;
  if (zone === undefined) return local - options.utcOffsetMinutes * MINUTE_MS;
  const guess = local - zoneOffsetMs(local, zone);
  return local - zoneOffsetMs(guess, zone);
}

const MINUTE_MS = 60_000;
const DAY_S = 86_400;
/** Excel's day 0 in the 1900 system is 1899-12-30 (its 1900 leap-year bug is in the serials). */
const EXCEL_EPOCH_DAYS = 25_569;
const EXCEL_MAX_SERIAL = 2_958_465;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const TIME = String.raw`(?:[T\s]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?`;
const ZONE = String.raw`\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}${ZONE}$`, 'i');
const CHINESE = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日?${TIME}${ZONE}$`, 'i');
const NUMERIC_DMY_OR_MDY = new RegExp(
  String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME}${ZONE}$`,
  'i',
);
const DAY_MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})${TIME}${ZONE}$`,
  'i',
);
const MONTH_NAME_DAY = new RegExp(
  String.raw`^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}${ZONE}$`,
  'i',
);

function zoneOffset(zone: string | undefined, fallback: number): number {
  if (zone === undefined) return fallback;
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return fallback;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)];
}

/** Assembles a wall-clock time in a zone; null if any part is out of range. */
function wallClock(
  parts: {
    year: number;
    month: number;
    day: number;
    time: (string | undefined)[];
    zone: string | undefined;
  },
  options: DateOptions,
): number | null {
  const { year, month, day } = parts;
  const [hh, mm, ss, fraction, meridiem] = parts.time;
  let hour = hh === undefined ? 0 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (/p/i.test(meridiem) ? 12 : 0);
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (parts.zone === undefined) return fromWallClock(local, options);
  return local - zoneOffset(parts.zone, options.utcOffsetMinutes) * MINUTE_MS;
}

function fromSerial(serial: number, options: DateOptions): Parsed<number> {
  if (serial >= 1e12) return ok(Math.round(serial)); // Unix milliseconds: already UTC.
  if (serial >= 1e9) return ok(Math.round(serial) * 1000); // Unix seconds.
  if (serial < 1 || serial > EXCEL_MAX_SERIAL) return fail('not-a-date', { value: String(serial) });
  // Round to the second: serials carry float noise (40846.67847222222 is 16:17:00).
  const seconds = Math.round(serial * DAY_S) - EXCEL_EPOCH_DAYS * DAY_S;
  const ms = fromWallClock(seconds * 1000, options);
  const year = new Date(ms).getUTCFullYear();
  return year < MIN_YEAR || year > MAX_YEAR
    ? fail('not-a-date', { value: String(serial) })
    : ok(ms);
}

/**
 * Parses a date (and time) to UTC milliseconds. Accepted: ISO 8601 and `YYYY-MM-DD HH:MM[:SS]`
 * (also with / or .), `2024年3月5日 14:30`, `15 Jan 2024`, `Jan 15, 2024`, AM/PM, `DD/MM/YYYY` and
 * `MM/DD/YYYY` only when `dateOrder` says which, Excel serials (and date cells), compact
 * `YYYYMMDD`, and Unix seconds or milliseconds. A time without a zone is read in
 * `utcOffsetMinutes`; an explicit `Z`/`+08:00` wins.
 */
export function parseDate(cell: CellValue, options: DateOptions): Parsed<number> {
  if (cell instanceof Date) {
    // Spreadsheet readers hand out a cell's wall-clock time as if it were UTC.
    const time = cell.getTime();
    if (Number.isNaN(time)) return fail('invalid-date-cell');
    return ok(fromWallClock(time, options));
  }
  if (typeof cell === 'number') return fromSerial(cell, options);
  const raw = cellText(cell);
  const text = raw
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/日(?=\d)/, '日 ');
  if (text === '') return fail('empty-date');
  const bad = fail<number>('unparseable-date', { value: clip(raw) });

  if (/^\d{8}$/.test(text)) {
    const at = wallClock(
      {
        year: Number(text.slice(0, 4)),
        month: Number(text.slice(4, 6)),
        day: Number(text.slice(6, 8)),
        time: [],
        zone: undefined,
      },
      options,
    );
    return at === null ? bad : ok(at);
  }
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), options);

  let match = YMD.exec(text) ?? CHINESE.exec(text);
  if (match) {
    const at = wallClock(
      {
        year: Number(match[1]),
        month: Number(match[2]),
        day: Number(match[3]),
        time: match.slice(4, 9),
        zone: match[9],
      },
      options,
    );
    return at === null ? bad : ok(at);
  }
  match = NUMERIC_DMY_OR_MDY.exec(text);
  if (match) {
    if (options.dateOrder === undefined) {
      return fail('ambiguous-date', { value: clip(raw) });
    }
    const first = Number(match[1]);
    const second = Number(match[2]);
    const yearText = match[3] ?? '';
    const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    const [day, month] = options.dateOrder === 'DMY' ? [first, second] : [second, first];
    const at = wallClock({ year, month, day, time: match.slice(4, 9), zone: match[9] }, options);
    return at === null ? bad : ok(at);
  }
  const dayFirst = DAY_MONTH_NAME.exec(text);
  const monthFirst = dayFirst ? null : MONTH_NAME_DAY.exec(text);
  const named = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3], rest: dayFirst.slice(4) }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3], rest: monthFirst.slice(4) }
      : null;
  if (named) {
    const month = monthNumber(named.month ?? '');
    if (month === undefined) return bad;
    const at = wallClock(
      {
        year: Number(named.year),
        month,
        day: Number(named.day),
        time: named.rest.slice(0, 5),
        zone: named.rest[5],
      },
      options,
    );
    return at === null ? bad : ok(at);
  }
  return bad;
}
