import { z } from 'zod';
import { CourseLevel, CourseSummary } from '../model/domain';
import { CourseId } from '../model/ids';

/**
 * The educator's catalogue (Library → Courses): courses and the series they belong to. Spread
 * into `studioMethods` and `studioEvents` (studio-api.ts).
 *
 * - Money is integer minor units plus an ISO 4217 code (DESIGN §4): 19900 CNY is ¥199.00.
 * - A course is archived, never deleted: its classes, offers and orders keep pointing at it, and
 *   reports still show it; it leaves every picker (`library.courses` without `includeArchived`),
 *   and a new offer of it is refused.
 * - A series has a name and an order of its courses (`series.reorder`); a course joins one by
 *   `seriesId` and goes to its end.
 * - A cover is a PNG, JPEG or WebP image of at most COVER_MAX_BYTES, recognised by its bytes (not
 *   a name); it is kept in the workspace's folder and read back through `course.cover`.
 *
 * `CourseFields` is shared with the studio UI, which checks a form with it before sending, so the
 * messages below are the ones a person reads next to the field.
 */

export const COVER_MAX_BYTES = 5 * 1024 * 1024;
export const COURSE_TITLE_MAX = 200;
export const SERIES_NAME_MAX = 100;
export const DESCRIPTION_MAX = 500;
export const TAGS_MAX = 20;
export const COUPONS_MAX = 10;

export const SeriesId = z.number().int().positive();

export const MESSAGES = {
  title: `the title must be 1 to ${String(COURSE_TITLE_MAX)} characters`,
  price: 'the price must be a whole number of minor units, 0 or more (19900 is 199.00)',
  listPrice: 'the list price must be a whole number of minor units, 0 or more',
  currency: 'the currency must be an ISO 4217 code such as CNY, USD or EUR',
  checkoutUrl: 'the checkout URL must be a web address starting with http:// or https://',
  coupon: 'a coupon code is 1 to 40 letters, digits, - or _',
  coupons: `at most ${String(COUPONS_MAX)} coupon codes`,
  tag: 'a tag is 1 to 40 characters',
  tags: `at most ${String(TAGS_MAX)} tags`,
  description: `the short description must be at most ${String(DESCRIPTION_MAX)} characters`,
  seriesName: `the series name must be 1 to ${String(SERIES_NAME_MAX)} characters`,
  coverEmpty: 'the cover image is empty',
  coverTooLarge: `the cover image must be at most ${String(COVER_MAX_BYTES / 1024 / 1024)} MB`,
} as const;

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const Money = (message: string) =>
  z.number({ error: message }).int({ error: message }).min(0, { error: message });

/** Each field's rule, without defaults: an update names only the fields it changes. */
const fieldRules = {
  title: z.string().trim().min(1, MESSAGES.title).max(COURSE_TITLE_MAX, MESSAGES.title),
  seriesId: SeriesId.nullable(),
  priceMinor: Money(MESSAGES.price),
  listPriceMinor: Money(MESSAGES.listPrice).nullable(),
  currency: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => /^[A-Z]{3}$/.test(code) && ISO_4217.has(code), MESSAGES.currency),
  checkoutUrl: z
    .string()
    .trim()
    .max(2000, MESSAGES.checkoutUrl)
    .refine(isHttpUrl, MESSAGES.checkoutUrl)
    .nullable(),
  couponCodes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,40}$/, MESSAGES.coupon),
    )
    .max(COUPONS_MAX, MESSAGES.coupons),
  tags: z
    .array(z.string().trim().min(1, MESSAGES.tag).max(40, MESSAGES.tag))
    .max(TAGS_MAX, MESSAGES.tags),
  level: CourseLevel.nullable(),
  description: z.string().trim().max(DESCRIPTION_MAX, MESSAGES.description).nullable(),
};

export const CourseFields = z
  .object({
    ...fieldRules,
    seriesId: fieldRules.seriesId.default(null),
    listPriceMinor: fieldRules.listPriceMinor.default(null),
    checkoutUrl: fieldRules.checkoutUrl.default(null),
    couponCodes: fieldRules.couponCodes.default([]),
    tags: fieldRules.tags.default([]),
    level: fieldRules.level.default(null),
    description: fieldRules.description.default(null),
  })
  .strict();
export const CourseChanges = z.object(fieldRules).partial().strict();
export type CourseFieldsInput = z.input<typeof CourseFields>;
export type CourseFields = z.output<typeof CourseFields>;
export type CourseChanges = z.output<typeof CourseChanges>;

const SeriesName = z
  .string()
  .trim()
  .min(1, MESSAGES.seriesName)
  .max(SERIES_NAME_MAX, MESSAGES.seriesName);

export const SeriesSummary = z.object({
  id: SeriesId,
  name: z.string(),
  /** The series' courses in their order, archived ones included (marked). */
  courses: z.array(z.object({ id: CourseId, title: z.string(), archived: z.boolean() })),
});
export type SeriesSummary = z.infer<typeof SeriesSummary>;

const coverBytes = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0, MESSAGES.coverEmpty)
  .refine((b) => b.byteLength <= COVER_MAX_BYTES, MESSAGES.coverTooLarge);

const byCourse = z.object({ courseId: CourseId }).strict();

export const courseMethods = {
  'library.courses': {
    input: z.object({ includeArchived: z.boolean().default(false) }).strict(),
    output: z.array(CourseSummary),
  },
  'course.create': { input: CourseFields, output: CourseSummary },
  /** Changes the fields given; the others stay. */
  'course.update': {
    input: z.object({ courseId: CourseId, fields: CourseChanges }).strict(),
    output: CourseSummary,
  },
  'course.archive': { input: byCourse, output: CourseSummary },
  'course.unarchive': { input: byCourse, output: CourseSummary },
  /** Replaces the cover (bytes of a PNG, JPEG or WebP image). */
  'course.setCover': {
    input: z.object({ courseId: CourseId, bytes: coverBytes }).strict(),
    output: CourseSummary,
  },
  'course.removeCover': { input: byCourse, output: CourseSummary },
  /** The cover as a data: URL for an <img> (works over IPC and the browser host alike). */
  'course.cover': {
    input: byCourse,
    output: z
      .object({ mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp']), dataUrl: z.string() })
      .nullable(),
  },
  'series.list': { input: z.object({}).strict(), output: z.array(SeriesSummary) },
  'series.create': { input: z.object({ name: SeriesName }).strict(), output: SeriesSummary },
  'series.rename': {
    input: z.object({ seriesId: SeriesId, name: SeriesName }).strict(),
    output: SeriesSummary,
  },
  /** Orders the series' courses: `courseIds` lists every course of it once, archived ones too. */
  'series.reorder': {
    input: z.object({ seriesId: SeriesId, courseIds: z.array(CourseId).max(1000) }).strict(),
    output: SeriesSummary,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const courseEvents = {
  /** A course or series was created, changed, archived or restored: lists and pickers reload. */
  'catalogue.changed': z.object({ courseId: CourseId.nullable() }),
} as const satisfies Record<string, z.ZodType>;
