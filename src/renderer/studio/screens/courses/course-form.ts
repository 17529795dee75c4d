import {
  COVER_MAX_BYTES,
  CourseFields,
  type CourseFieldsInput,
} from '../../../../shared/contract/courses-api';
import type { CourseLevel, CourseSummary } from '../../../../shared/model/domain';
import { minorUnitDigits } from '../../../common/format';

// The course form's values are what a person types (a price in major units, lists separated by
// commas); they become the API's fields here, and the contract's own schema checks them, so the
// form and the core agree on every rule. Messages are the UI's (translated), keyed by field.

export interface CourseFormValues {
  title: string;
  seriesId: string;
  price: string;
  listPrice: string;
  currency: string;
  checkoutUrl: string;
  coupons: string;
  tags: string;
  level: '' | CourseLevel;
  description: string;
}

export type FieldName =
  | 'title'
  | 'priceMinor'
  | 'listPriceMinor'
  | 'currency'
  | 'checkoutUrl'
  | 'couponCodes'
  | 'tags'
  | 'description'
  | 'cover';

/** What the form says about a field: the field's own rule, or one of the cross-checks. */
export type CourseFormError =
  Exclude<FieldName, 'cover'> | 'listBelowPrice' | 'coverType' | 'coverSize';

export type CourseFormErrors = Partial<Record<FieldName, CourseFormError>>;

const FIELD_NAMES: readonly Exclude<FieldName, 'cover'>[] = [
  'title',
  'priceMinor',
  'listPriceMinor',
  'currency',
  'checkoutUrl',
  'couponCodes',
  'tags',
  'description',
];

function isFieldName(field: string): field is Exclude<FieldName, 'cover'> {
  return FIELD_NAMES.includes(field as Exclude<FieldName, 'cover'>);
}

export const EMPTY_FORM: CourseFormValues = {
  title: '',
  seriesId: '',
  price: '',
  listPrice: '',
  currency: 'CNY',
  checkoutUrl: '',
  coupons: '',
  tags: '',
  level: '',
  description: '',
};

function digitsOf(currency: string): number {
  try {
    return minorUnitDigits(currency.trim().toUpperCase());
  } catch {
    return 2;
  }
}

/** "199.5" CNY → 19950; null when empty; NaN when it is not an amount in that currency. */
export function toMinor(text: string, currency: string): number | null {
  const trimmed = text.trim().replace(/[,\s]/g, '');
  if (trimmed === '') return null;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) return Number.NaN;
  const digits = digitsOf(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return Number.NaN;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export function fromMinor(minor: number | null, currency: string): string {
  if (minor === null) return '';
  const digits = digitsOf(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

function list(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function formFromCourse(course: CourseSummary): CourseFormValues {
  return {
    title: course.title,
    seriesId: course.seriesId === null ? '' : String(course.seriesId),
    price: fromMinor(course.priceMinor, course.currency),
    listPrice: fromMinor(course.listPriceMinor, course.currency),
    currency: course.currency,
    checkoutUrl: course.checkoutUrl ?? '',
    coupons: course.couponCodes.join(', '),
    tags: course.tags.join(', '),
    level: course.level ?? '',
    description: course.description ?? '',
  };
}

/** The API's fields, or which fields are wrong (by the contract's rules). */
export function checkForm(
  values: CourseFormValues,
): { ok: true; fields: CourseFields } | { ok: false; errors: CourseFormErrors } {
  const price = toMinor(values.price, values.currency);
  const input: CourseFieldsInput = {
    title: values.title,
    seriesId: values.seriesId === '' ? null : Number(values.seriesId),
    priceMinor: price ?? Number.NaN,
    listPriceMinor: toMinor(values.listPrice, values.currency),
    currency: values.currency,
    checkoutUrl: values.checkoutUrl.trim() === '' ? null : values.checkoutUrl,
    couponCodes: list(values.coupons),
    tags: list(values.tags),
    level: values.level === '' ? null : values.level,
    description: values.description.trim() === '' ? null : values.description,
  };
  const parsed = CourseFields.safeParse(input);
  const errors: CourseFormErrors = {};
  if (!parsed.success) {
    // A series or level comes from a select: the form has no message for them.
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && isFieldName(field)) errors[field] = field;
    }
  } else if (
    parsed.data.listPriceMinor !== null &&
    parsed.data.listPriceMinor < parsed.data.priceMinor
  ) {
    errors.listPriceMinor = 'listBelowPrice';
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, fields: parsed.data };
}

/** A cover the core would refuse, said before the upload (the core checks the bytes again). */
export function coverProblem(file: File): CourseFormError | null {
  if (!['image/png', 'image/jpeg', 'image/webp'].includes(file.type)) return 'coverType';
  if (file.size > COVER_MAX_BYTES) return 'coverSize';
  return null;
}
