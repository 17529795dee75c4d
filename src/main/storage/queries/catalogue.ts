import type { Db } from '../connection';
import { stmt } from './live/statements';

// Writes to the catalogue (courses and course_series). The caller validates the values
// (contract/courses-api.ts) and runs each change in one transaction; these only say how they are
// stored. `courses.series` holds the series' name (see migration 0180), so every function that
// changes a series' name or a course's series keeps the two in step.

export interface CourseValues {
  title: string;
  seriesName: string | null;
  priceMinor: number;
  listPriceMinor: number | null;
  currency: string;
  checkoutUrl: string | null;
  couponCodes: readonly string[];
  tags: readonly string[];
  level: string | null;
  description: string | null;
}

export interface SeriesRow {
  id: number;
  name: string;
}

export interface SeriesCourseRow {
  id: number;
  title: string;
  archived: number;
}

/** The next free place at the end of a series. */
function nextPosition(db: Db, seriesName: string): number {
  const row = stmt(
    db,
    'SELECT coalesce(max(series_position), 0) + 1 AS next FROM courses WHERE series = ? COLLATE NOCASE',
  ).get(seriesName) as { next: number };
  return row.next;
}

export function insertCourse(db: Db, values: CourseValues, at: number): number {
  const position = values.seriesName === null ? null : nextPosition(db, values.seriesName);
  return Number(
    stmt(
      db,
      `INSERT INTO courses (title, series, series_position, price_minor, list_price_minor, currency,
         checkout_url, coupon_codes, tags, level, description, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      values.title,
      values.seriesName,
      position,
      values.priceMinor,
      values.listPriceMinor,
      values.currency,
      values.checkoutUrl,
      JSON.stringify(values.couponCodes),
      JSON.stringify(values.tags),
      values.level,
      values.description,
      at,
      at,
    ).lastInsertRowid,
  );
}

export interface StoredCourse extends CourseValues {
  seriesPosition: number | null;
}

export function storedCourse(db: Db, courseId: number): StoredCourse | undefined {
  const row = stmt(
    db,
    `SELECT title, series, series_position, price_minor, list_price_minor, currency, checkout_url,
       coupon_codes, tags, level, description FROM courses WHERE id = ?`,
  ).get(courseId) as
    | {
        title: string;
        series: string | null;
        series_position: number | null;
        price_minor: number;
        list_price_minor: number | null;
        currency: string;
        checkout_url: string | null;
        coupon_codes: string;
        tags: string;
        level: string | null;
        description: string | null;
      }
    | undefined;
  if (!row) return undefined;
  return {
    title: row.title,
    seriesName: row.series,
    seriesPosition: row.series_position,
    priceMinor: row.price_minor,
    listPriceMinor: row.list_price_minor,
    currency: row.currency,
    checkoutUrl: row.checkout_url,
    couponCodes: stringArray(row.coupon_codes),
    tags: stringArray(row.tags),
    level: row.level,
    description: row.description,
  };
}

/** Rewrites every field; a course that changes series goes to the end of the new one. */
export function updateCourse(db: Db, courseId: number, values: CourseValues, at: number): void {
  const before = storedCourse(db, courseId);
  if (!before) return;
  const position =
    values.seriesName === null
      ? null
      : values.seriesName === before.seriesName
        ? before.seriesPosition
        : nextPosition(db, values.seriesName);
  stmt(
    db,
    `UPDATE courses SET title = ?, series = ?, series_position = ?, price_minor = ?,
       list_price_minor = ?, currency = ?, checkout_url = ?, coupon_codes = ?, tags = ?, level = ?,
       description = ?, updated_at = ?
     WHERE id = ?`,
  ).run(
    values.title,
    values.seriesName,
    position,
    values.priceMinor,
    values.listPriceMinor,
    values.currency,
    values.checkoutUrl,
    JSON.stringify(values.couponCodes),
    JSON.stringify(values.tags),
    values.level,
    values.description,
    at,
    courseId,
  );
}

/** Archives (`archivedAt`) or restores (null) a course; `at` is when, either way. */
export function setCourseArchived(
  db: Db,
  courseId: number,
  archivedAt: number | null,
  at: number,
): void {
  stmt(db, 'UPDATE courses SET archived_at = ?, updated_at = ? WHERE id = ?').run(
    archivedAt,
    at,
    courseId,
  );
}

export function courseArchivedAt(db: Db, courseId: number): number | null | undefined {
  const row = stmt(db, 'SELECT archived_at FROM courses WHERE id = ?').get(courseId) as
    { archived_at: number | null } | undefined;
  return row === undefined ? undefined : row.archived_at;
}

export function courseCoverFile(db: Db, courseId: number): string | null | undefined {
  const row = stmt(db, 'SELECT cover_file FROM courses WHERE id = ?').get(courseId) as
    { cover_file: string | null } | undefined;
  return row === undefined ? undefined : row.cover_file;
}

export function setCourseCoverFile(
  db: Db,
  courseId: number,
  file: string | null,
  at: number,
): void {
  stmt(db, 'UPDATE courses SET cover_file = ?, updated_at = ? WHERE id = ?').run(
    file,
    at,
    courseId,
  );
}

// ---- series -------------------------------------------------------------------------------------

export function listSeries(db: Db): SeriesRow[] {
  return stmt(
    db,
    'SELECT id, name FROM course_series ORDER BY name COLLATE NOCASE, id',
  ).all() as SeriesRow[];
}

export function seriesById(db: Db, seriesId: number): SeriesRow | undefined {
  return stmt(db, 'SELECT id, name FROM course_series WHERE id = ?').get(seriesId) as
    SeriesRow | undefined;
}

/** Case-insensitive: "Python" and "python" would be the same series to a person. */
export function seriesByName(db: Db, name: string): SeriesRow | undefined {
  return stmt(db, 'SELECT id, name FROM course_series WHERE name = ? COLLATE NOCASE').get(name) as
    SeriesRow | undefined;
}

export function seriesCourses(db: Db, seriesName: string): SeriesCourseRow[] {
  return stmt(
    db,
    `SELECT id, title, archived_at IS NOT NULL AS archived FROM courses WHERE series = ? COLLATE NOCASE
     ORDER BY series_position IS NULL, series_position, id`,
  ).all(seriesName) as SeriesCourseRow[];
}

export function insertSeries(db: Db, name: string, at: number): number {
  return Number(
    stmt(db, 'INSERT INTO course_series (name, created_at) VALUES (?, ?)').run(name, at)
      .lastInsertRowid,
  );
}

/** Renames the series and rewrites the name its courses carry. */
export function renameSeries(db: Db, seriesId: number, from: string, to: string, at: number): void {
  stmt(db, 'UPDATE course_series SET name = ? WHERE id = ?').run(to, seriesId);
  stmt(db, 'UPDATE courses SET series = ?, updated_at = ? WHERE series = ? COLLATE NOCASE').run(
    to,
    at,
    from,
  );
}

/** Positions 1..n in the order given. */
export function setSeriesOrder(db: Db, courseIds: readonly number[], at: number): void {
  const update = stmt(db, 'UPDATE courses SET series_position = ?, updated_at = ? WHERE id = ?');
  courseIds.forEach((id, index) => update.run(index + 1, at, id));
}

export function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
