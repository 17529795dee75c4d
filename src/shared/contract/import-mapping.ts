import { z } from 'zod';

// What a user can adjust and save for one kind of order export: which column holds which field,
// how to read its dates and amounts, and what its statuses mean. One schema for the studio API
// (analytics-api.ts) and the importer (src/main/imports), which parses a saved mapping again
// whenever it crosses into the importer (from the UI or from the database).

/** The fields an order row can carry. */
export const IMPORT_FIELDS = [
  'orderId',
  'orderedAt',
  'email',
  'phone',
  'customerId',
  'name',
  'firstName',
  'lastName',
  'itemTitle',
  'sku',
  'quantity',
  'unitPrice',
  'lineAmount',
  'orderTotal',
  'currency',
  'status',
  'refundedAmount',
  /** The coupon code the buyer used: attributes the order to the offer that carried it. */
  'couponCode',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const PRESET_NAMES = [
  'generic',
  'xiaoe-tech',
  'teachable',
  'thinkific',
  'shopify',
  'stripe',
  'online-retail',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** What a platform's status means here; 'skip' = not a payment (pending, failed): not imported. */
export const STATUS_MEANINGS = [
  'paid',
  'partially_refunded',
  'refunded',
  'cancelled',
  'skip',
] as const;
export type StatusMeaning = (typeof STATUS_MEANINGS)[number];

/** True for a time zone name Intl knows ('UTC', 'Asia/Shanghai'). */
export function isTimeZoneName(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const columnName = z.string().trim().min(1).max(200);

export const importMappingSchema = z.strictObject({
  /** The preset this mapping adjusts; without one the preset is detected from the header. */
  preset: z.enum(PRESET_NAMES).optional(),
  /**
   * Field → header name, or several header names tried in order per row (the first non-empty
   * cell wins), or null to ignore a column the preset would use.
   */
  columns: z
    .partialRecord(
      z.enum(IMPORT_FIELDS),
      z.union([columnName, z.array(columnName).min(1)]).nullable(),
    )
    .optional(),
  /** How to read NN/NN/YYYY dates; without it such dates are rejected, never guessed. */
  dateOrder: z.enum(['DMY', 'MDY']).optional(),
  decimalSeparator: z.enum(['.', ',']).optional(),
  /** Offset of the clock the export was written in, for times that carry no zone. */
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-14 * 60)
    .max(14 * 60)
    .optional(),
  /**
   * IANA time zone (e.g. 'Asia/Shanghai') for times that carry no zone, with its daylight-saving
   * rules; wins over utcOffsetMinutes. The wizard always sends one (default: the workspace's).
   */
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZoneName, { message: 'not a known IANA time zone' })
    .optional(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
  /** Digits only, e.g. '86'. */
  defaultCountryCode: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
  /** Status text (case-insensitive) → meaning; added to, and overriding, the preset's. */
  statusMap: z.record(z.string().trim().min(1).max(100), z.enum(STATUS_MEANINGS)).optional(),
  /** Order ids starting with this are cancellations of earlier orders (Online Retail's 'C'). */
  cancellationPrefix: z.string().min(1).max(10).nullable().optional(),
  /** XLSX: the worksheet to read (default: the first). */
  sheet: z.string().min(1).max(100).optional(),
  /** CSV: the delimiter (default: detected). */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  /**
   * CSV: the text encoding. Default: a BOM decides (UTF-8, UTF-16), else UTF-8 when the file is
   * valid UTF-8, else GB18030 when it is valid GB18030 (reported as a warning), else an error.
   */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).optional(),
});

export type ImportMapping = z.infer<typeof importMappingSchema>;
