import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { migrate, migrations } from '../../src/main/storage/migrations';
import {
  insertCourse,
  insertSeries,
  renameSeries,
  seriesByName,
  seriesCourses,
  setCourseArchived,
  setSeriesOrder,
  updateCourse,
  type CourseValues,
} from '../../src/main/storage/queries/catalogue';
import { courseById, listCourses } from '../../src/main/storage/queries/library';
import { recommendCatalogue } from '../../src/main/storage/queries/recommend-inputs';
import {
  CourseChanges,
  CourseFields,
  MESSAGES,
  isHttpUrl,
} from '../../src/shared/contract/courses-api';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2026, 0, 10);

function course(title: string, seriesName: string | null, extra: Partial<CourseValues> = {}) {
  return {
    title,
    seriesName,
    priceMinor: 19900,
    listPriceMinor: null,
    currency: 'CNY',
    checkoutUrl: null,
    couponCodes: [],
    tags: [],
    level: null,
    description: null,
    ...extra,
  } satisfies CourseValues;
}

function fresh(): Db {
  return openDatabase(join(tempDir(), 'cat.db'));
}

/** Messages of a failed parse, by field. */
function problems(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return Object.fromEntries(
    (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
  );
}

describe('migration 0180', () => {
  it('turns the series names courses already carry into series, and keeps the courses', () => {
    const raw = new Database(join(tempDir(), 'old.db'));
    migrate(
      raw,
      migrations.filter((m) => m.version < 180),
    );
    raw.exec(`
      INSERT INTO courses (id, title, series, series_position, price_minor, currency, created_at)
        VALUES (1, 'Py 1', 'Python', 1, 100, 'CNY', ${T0}), (2, 'Py 2', 'Python', 2, 200, 'CNY', ${T0 + 5}),
               (3, 'Solo', NULL, NULL, 300, 'USD', ${T0}), (4, 'Ink', 'Art', 1, 400, 'USD', ${T0 + 9});
    `);
    migrate(raw);
    expect(raw.prepare('SELECT name, created_at FROM course_series ORDER BY id').all()).toEqual([
      { name: 'Python', created_at: T0 },
      { name: 'Art', created_at: T0 + 9 },
    ]);
    const row = raw
      .prepare('SELECT coupon_codes, list_price_minor, level, cover_file FROM courses WHERE id = 1')
      .get();
    expect(row).toEqual({
      coupon_codes: '[]',
      list_price_minor: null,
      level: null,
      cover_file: null,
    });
    raw.close();
  });

  it('creates the series of a course written with a series name only (the demo generator)', () => {
    const db = fresh();
    db.exec(`INSERT INTO courses (title, series, price_minor, currency, created_at)
             VALUES ('A', 'Design', 1, 'USD', ${T0}), ('B', 'design', 1, 'USD', ${T0})`);
    expect(db.prepare('SELECT name FROM course_series').all()).toEqual([{ name: 'Design' }]);
    const [a, b] = listCourses(db);
    // One series, whatever the case the name was written in.
    expect(a?.series_id).not.toBeNull();
    expect(b?.series_id).toBe(a?.series_id);
    db.close();
  });

  it('refuses a level, list price or cover name outside its rules', () => {
    const db = fresh();
    const id = insertCourse(db, course('A', null), T0);
    expect(() => db.prepare(`UPDATE courses SET level = 'expert' WHERE id = ?`).run(id)).toThrow(
      /CHECK/,
    );
    expect(() =>
      db.prepare(`UPDATE courses SET list_price_minor = -1 WHERE id = ?`).run(id),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('catalogue queries', () => {
  it('stores every field of a course and reads it back', () => {
    const db = fresh();
    const series = insertSeries(db, 'Python', T0);
    const id = insertCourse(
      db,
      course('Python 1', 'Python', {
        listPriceMinor: 29900,
        checkoutUrl: 'https://shop.example/py1',
        couponCodes: ['LIVE10'],
        tags: ['python', 'data'],
        level: 'beginner',
        description: 'From zero.',
      }),
      T0,
    );
    expect(courseById(db, id)).toMatchObject({
      title: 'Python 1',
      series: 'Python',
      series_id: series,
      series_position: 1,
      price_minor: 19900,
      list_price_minor: 29900,
      currency: 'CNY',
      checkout_url: 'https://shop.example/py1',
      coupon_codes: '["LIVE10"]',
      tags: '["python","data"]',
      level: 'beginner',
      description: 'From zero.',
      archived_at: null,
    });
    db.close();
  });

  it('puts a course at the end of its series, and at the end of another when it moves', () => {
    const db = fresh();
    insertSeries(db, 'A', T0);
    insertSeries(db, 'B', T0);
    const a1 = insertCourse(db, course('a1', 'A'), T0);
    const a2 = insertCourse(db, course('a2', 'A'), T0);
    const b1 = insertCourse(db, course('b1', 'B'), T0);
    expect(seriesCourses(db, 'A').map((c) => c.id)).toEqual([a1, a2]);
    updateCourse(db, a1, course('a1', 'B'), T0 + 1);
    expect(seriesCourses(db, 'B').map((c) => c.id)).toEqual([b1, a1]);
    expect(courseById(db, a1)?.series_position).toBe(2);
    updateCourse(db, a1, course('a1', null), T0 + 2);
    expect(courseById(db, a1)).toMatchObject({ series: null, series_position: null });
    db.close();
  });

  it('renames a series in the courses too, and reorders its courses', () => {
    const db = fresh();
    const id = insertSeries(db, 'Pyton', T0);
    const c1 = insertCourse(db, course('one', 'Pyton'), T0);
    const c2 = insertCourse(db, course('two', 'Pyton'), T0);
    renameSeries(db, id, 'Pyton', 'Python', T0 + 1);
    expect(seriesByName(db, 'python')).toEqual({ id, name: 'Python' });
    expect(courseById(db, c1)?.series).toBe('Python');
    expect(db.prepare('SELECT count(*) AS n FROM course_series').get()).toEqual({ n: 1 });
    setSeriesOrder(db, [c2, c1], T0 + 2);
    expect(seriesCourses(db, 'Python').map((c) => c.id)).toEqual([c2, c1]);
    // The recommender's "next in the series" reads the same positions.
    const catalogue = recommendCatalogue(db);
    expect(catalogue.find((c) => c.id === c2)?.series_position).toBe(1);
    db.close();
  });

  it('leaves archived courses out of the list unless asked, and marks them for the recommender', () => {
    const db = fresh();
    const kept = insertCourse(db, course('kept', null), T0);
    const gone = insertCourse(db, course('gone', null), T0);
    setCourseArchived(db, gone, T0 + 1, T0 + 1);
    expect(listCourses(db).map((c) => c.id)).toEqual([kept]);
    expect(listCourses(db, { includeArchived: true }).map((c) => c.id)).toEqual([gone, kept]);
    expect(recommendCatalogue(db).find((c) => c.id === gone)?.archived).toBe(1);
    setCourseArchived(db, gone, null, T0 + 2);
    expect(listCourses(db).map((c) => c.id)).toEqual([gone, kept]);
    db.close();
  });
});

describe('course fields (the contract the form and the API share)', () => {
  const valid = { title: 'Python 1', priceMinor: 19900, currency: 'cny' };

  it('fills defaults, upper-cases the currency and trims', () => {
    expect(CourseFields.parse({ ...valid, title: '  Python 1 ' })).toEqual({
      title: 'Python 1',
      seriesId: null,
      priceMinor: 19900,
      listPriceMinor: null,
      currency: 'CNY',
      checkoutUrl: null,
      couponCodes: [],
      tags: [],
      level: null,
      description: null,
    });
  });

  it('says what is wrong with each field', () => {
    const result = CourseFields.safeParse({
      title: ' ',
      priceMinor: -1,
      listPriceMinor: 1.5,
      currency: 'XYZ',
      checkoutUrl: 'javascript:alert(1)',
      couponCodes: ['ok', 'no spaces'],
      tags: [''],
      description: 'x'.repeat(501),
    });
    expect(problems(result)).toEqual({
      title: MESSAGES.title,
      priceMinor: MESSAGES.price,
      listPriceMinor: MESSAGES.listPrice,
      currency: MESSAGES.currency,
      checkoutUrl: MESSAGES.checkoutUrl,
      'couponCodes.1': MESSAGES.coupon,
      'tags.0': MESSAGES.tag,
      description: MESSAGES.description,
    });
  });

  it('accepts only http(s) checkout URLs with a host', () => {
    expect(isHttpUrl('https://shop.example/a?b=1')).toBe(true);
    expect(isHttpUrl('http://192.168.1.5:8080/x')).toBe(true);
    for (const bad of [
      'ftp://x.example',
      'shop.example',
      'https://',
      'data:text/html,hi',
      'file:///etc/passwd',
    ]) {
      expect(isHttpUrl(bad), bad).toBe(false);
    }
  });

  it('knows ISO 4217 codes, not just any three letters', () => {
    for (const code of ['CNY', 'USD', 'EUR', 'JPY', 'gbp']) {
      expect(CourseFields.safeParse({ ...valid, currency: code }).success, code).toBe(true);
    }
    for (const code of ['ABC', 'US', 'EURO', '¥']) {
      expect(problems(CourseFields.safeParse({ ...valid, currency: code })), code).toEqual({
        currency: MESSAGES.currency,
      });
    }
  });

  it('changes only the fields an update names', () => {
    expect(CourseChanges.parse({ title: 'New' })).toEqual({ title: 'New' });
    expect(CourseChanges.parse({ checkoutUrl: null })).toEqual({ checkoutUrl: null });
  });
});
