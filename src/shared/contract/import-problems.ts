import { z } from 'zod';
import { fillTemplate } from './import-issue-reasons';

/**
 * Why a file cannot be imported as it is mapped (the order import's preview) or why a roster row
 * cannot be imported, as a code and its parameters, so the studio says it in its own language
 * (`importProblem.*`). The engine keeps the English sentence beside it for logs, tests and the
 * CLI. Parameters that name a column's role (`field`, the `missing` list) carry the field's key
 * (`orderId`, …, `amount` for "an amount column"), which the studio translates.
 */
export const IMPORT_PROBLEM_CODES = [
  'no-rows',
  'mapped-column-missing',
  'preset-missing-columns',
  'no-preset-columns',
  'roster-no-identity-column',
  'roster-bad-email',
  'roster-bad-phone',
  'roster-platform-id-too-long',
  'roster-no-identity',
  'roster-bad-follow-up-consent',
  'roster-bad-purchase-link-consent',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

export const ImportProblem = z.object({
  code: z.enum(IMPORT_PROBLEM_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/** The English sentences, `{{name}}` for a parameter (i18next's syntax). */
export const IMPORT_PROBLEM_EN: Record<ImportProblemCode, string> = {
  'no-rows': 'the file has no rows',
  'mapped-column-missing': "the column '{{name}}' (mapped to {{field}}) is not in the file",
  'preset-missing-columns': 'the closest preset ({{preset}}) found no column for {{missing}}',
  'no-preset-columns': 'no preset matches this header: no column for {{missing}}',
  'roster-no-identity-column':
    'no column holds an email, phone or platform id: choose one in the mapping',
  'roster-bad-email': 'email "{{value}}" is not an address',
  'roster-bad-phone': 'phone "{{value}}" is not a number',
  'roster-platform-id-too-long': 'platform id "{{value}}" is too long',
  'roster-no-identity': 'no email, phone or platform id',
  'roster-bad-follow-up-consent': 'follow-up consent "{{value}}" is not yes or no',
  'roster-bad-purchase-link-consent': 'purchase-link consent "{{value}}" is not yes or no',
};

/** The English names of the column roles a problem can name (the `field` and `missing` keys). */
export const IMPORT_PROBLEM_FIELDS_EN: Record<string, string> = {
  orderId: 'order id',
  orderedAt: 'order date',
  email: 'email',
  phone: 'phone',
  customerId: 'customer id',
  name: 'name',
  firstName: 'first name',
  lastName: 'last name',
  itemTitle: 'item title',
  sku: 'SKU',
  quantity: 'quantity',
  unitPrice: 'unit price',
  lineAmount: 'line amount',
  orderTotal: 'order total',
  currency: 'currency',
  status: 'status',
  refundedAmount: 'refunded amount',
  couponCode: 'coupon code',
  amount: 'an amount (unit price, line amount or order total)',
};

/** A problem as the English sentence the engine has always written. */
export function englishProblem(problem: ImportProblem): string {
  const params = { ...problem.params };
  if (typeof params.field === 'string') {
    params.field = IMPORT_PROBLEM_FIELDS_EN[params.field] ?? params.field;
  }
  if (typeof params.missing === 'string') {
    params.missing = params.missing
      .split(',')
      .map((key) => IMPORT_PROBLEM_FIELDS_EN[key] ?? key)
      .join(', ');
  }
  return fillTemplate(IMPORT_PROBLEM_EN[problem.code], params);
}
