import { z } from 'zod';

/**
 * Why the order import refused or changed a row, as a code and its parameters: the studio shows
 * each in its own language (`importIssue.*` in the studio's i18n); the engine also keeps the
 * English sentence (`reason`) for logs, tests, the CLI and runs stored before codes existed.
 * `field` names the mapped column a value came from (an amount column), when there is one.
 */
export const IMPORT_ISSUE_CODES = [
  'missing-order-id',
  'order-id-too-long',
  'zero-quantity',
  'negative-quantity',
  'negative-amount',
  'negative-price',
  'missing-amount',
  'missing-price',
  'zero-price',
  'negative-order-total',
  'unknown-currency',
  'missing-order-date',
  'no-currency',
  'mixed-currencies',
  'unknown-status',
  'status-not-paid',
  'amount-too-large',
  'zero-after-rounding',
  'order-total-too-large',
  'zero-order-total',
  'refund-capped',
  'invalid-email',
  'invalid-phone',
  'unparseable-amount',
  'empty-amount',
  'unparseable-quantity',
  'quantity-not-whole',
  'implausible-quantity',
  'not-a-date',
  'invalid-date-cell',
  'empty-date',
  'unparseable-date',
  'ambiguous-date',
  'unclosed-quote',
  'read-as-gb18030',
  'cancellation-unmatched',
  'cancellation-larger',
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/** The amount columns a reason can name. */
export const IMPORT_ISSUE_FIELDS = [
  'lineAmount',
  'unitPrice',
  'orderTotal',
  'refundedAmount',
] as const;
export type ImportIssueField = (typeof IMPORT_ISSUE_FIELDS)[number];

export const ImportIssueReason = z.object({
  code: z.enum(IMPORT_ISSUE_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  field: z.enum(IMPORT_ISSUE_FIELDS).optional(),
});
export type ImportIssueReason = z.infer<typeof ImportIssueReason>;

/** The English sentences, `{{name}}` for a parameter (i18next's own syntax). */
export const IMPORT_ISSUE_EN: Record<ImportIssueCode, string> = {
  'missing-order-id': 'missing order id',
  'order-id-too-long': 'order id longer than {{max}} characters',
  'zero-quantity': 'zero quantity',
  'negative-quantity': 'negative quantity on an order that is not a cancellation',
  'negative-amount': 'negative amount',
  'negative-price': 'negative price',
  'missing-amount': 'missing amount',
  'missing-price': 'missing price',
  'zero-price': 'zero price',
  'negative-order-total': 'negative order total',
  'unknown-currency': "unknown currency '{{value}}'",
  'missing-order-date': 'missing order date',
  'no-currency': 'no currency: the file has no currency column and no default currency is set',
  'mixed-currencies': 'amounts in more than one currency ({{currency}}, {{currencies}})',
  'unknown-status': "unknown status '{{value}}' (add it to the mapping's status list)",
  'status-not-paid': "status '{{value}}' is not a completed payment",
  'amount-too-large': 'amount too large',
  'zero-after-rounding': 'zero price once rounded to {{currency}}',
  'order-total-too-large': 'order total too large',
  'zero-order-total': 'zero order total',
  'refund-capped': 'refunded amount larger than the order total; capped at the total',
  'invalid-email': "invalid email '{{value}}' ignored",
  'invalid-phone': "invalid phone '{{value}}' ignored",
  'unparseable-amount': "unparseable amount '{{value}}'",
  'empty-amount': 'empty amount',
  'unparseable-quantity': "unparseable quantity '{{value}}'",
  'quantity-not-whole': "quantity '{{value}}' is not a whole number",
  'implausible-quantity': "implausible quantity '{{value}}'",
  'not-a-date': "'{{value}}' is not a date",
  'invalid-date-cell': 'invalid date cell',
  'empty-date': 'empty date',
  'unparseable-date': "unparseable date '{{value}}'",
  'ambiguous-date':
    "ambiguous date '{{value}}': set the date order (day/month/year or month/day/year) in the mapping",
  'unclosed-quote':
    'Line {{line}} opens a quoted cell that is never closed, so the rest of the file would be read as one cell. Close the quote (a quote inside a quoted cell is written "").',
  'read-as-gb18030':
    'The file is not UTF-8: it was read as GB18030 (GBK), the encoding of Excel and Chinese platforms on Chinese Windows. If names look wrong, choose the encoding in the mapping.',
  'cancellation-unmatched':
    'cancellation matches no earlier purchase of this buyer; kept as a refund-only order',
  'cancellation-larger':
    'cancellation is larger than the earlier purchases it matches; the rest is kept as a refund-only order',
};

export const IMPORT_ISSUE_FIELDS_EN: Record<ImportIssueField, string> = {
  lineAmount: 'line amount',
  unitPrice: 'unit price',
  orderTotal: 'order total',
  refundedAmount: 'refunded amount',
};

/** `template` with each `{{name}}` replaced by its parameter (an unknown one is left as written). */
export function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A reason as the English sentence the engine has always written ("line amount: …"). */
export function englishIssueReason(reason: ImportIssueReason): string {
  const text = fillTemplate(IMPORT_ISSUE_EN[reason.code], reason.params);
  return reason.field ? `${IMPORT_ISSUE_FIELDS_EN[reason.field]}: ${text}` : text;
}
