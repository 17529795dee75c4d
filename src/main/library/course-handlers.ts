import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../shared/contract/errors';
import type {
  CourseChanges,
  CourseFields,
  SeriesSummary,
  courseMethods,
} from '../../shared/contract/courses-api';
import type { CourseLevel, CourseSummary } from '../../shared/model/domain';
import type { CourseId } from '../../shared/model/ids';
import type { Db } from '../storage/connection';
import {
  courseArchivedAt,
  courseCoverFile,
  insertCourse,
  insertSeries,
  renameSeries,
  seriesById,
  seriesByName,
  seriesCourses,
  listSeries,
  setCourseArchived,
  setCourseCoverFile,
  setSeriesOrder,
  storedCourse,
  stringArray,
  updateCourse,
  type CourseValues,
} from '../storage/queries/catalogue';
import { courseById, listCourses, type CourseRow } from '../storage/queries/library';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/event-bus';
import type { Logger } from '../kernel/logger';
import type { Handler } from '../kernel/router';

// The catalogue (courses-api.ts): the fields are checked by the contract's schemas; what needs
// the database (a series that exists, a unique series name, a full reorder list) is checked here.
// Covers live in the workspace's covers/ folder under a name that changes with their content, so
// a cached picture never outlives its replacement.

type CourseMethod = keyof typeof courseMethods;
export type CourseHandlerMap = { [M in CourseMethod]: Handler<M> };

export interface CourseDeps {
  db: () => Db;
  workspaceDir: () => string;
  clock: Clock;
  emit: EventBus['emit'];
  logger: Logger;
}

type CoverType = 'image/png' | 'image/jpeg' | 'image/webp';
const EXTENSION: Record<CoverType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};
const COVER_FILE = /^course-\d+-[0-9a-f]{16}\.(png|jpg|webp)$/;

/** What the bytes are, by their signature (never by a file name the browser reports). */
export function sniffImage(bytes: Uint8Array): CoverType | null {
  const starts = (sig: readonly number[], at = 0): boolean =>
    bytes.byteLength >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

function coverType(file: string): CoverType {
  if (file.endsWith('.png')) return 'image/png';
  if (file.endsWith('.webp')) return 'image/webp';
  return 'image/jpeg';
}

export function toCourseSummary(row: CourseRow): CourseSummary {
  return {
    id: row.id as CourseId,
    title: row.title,
    series: row.series,
    seriesId: row.series_id,
    seriesPosition: row.series === null ? null : row.series_position,
    priceMinor: row.price_minor,
    listPriceMinor: row.list_price_minor,
    currency: row.currency,
    checkoutUrl: row.checkout_url,
    couponCodes: stringArray(row.coupon_codes),
    tags: stringArray(row.tags),
    level: row.level as CourseLevel | null,
    description: row.description,
    coverKey: row.cover_file,
    archivedAt: row.archived_at,
    sessionCount: row.session_count,
    buyerCount: row.buyer_count,
  };
}

/** Tags and coupon codes: blanks dropped, the first of duplicates kept (case-insensitive). */
function distinct(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (value === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createCourseHandlers(deps: CourseDeps): CourseHandlerMap {
  const { clock, emit } = deps;

  const summary = (db: Db, courseId: number): CourseSummary => {
    const row = courseById(db, courseId);
    if (!row) throw new StudioError('NOT_FOUND', 'no such course');
    return toCourseSummary(row);
  };

  const seriesName = (db: Db, seriesId: number | null): string | null => {
    if (seriesId === null) return null;
    const series = seriesById(db, seriesId);
    if (!series) throw new StudioError('NOT_FOUND', 'no such series');
    return series.name;
  };

  const checkPrices = (values: CourseValues): void => {
    if (values.listPriceMinor !== null && values.listPriceMinor < values.priceMinor) {
      throw new StudioError('BAD_INPUT', 'the list price must not be below the price');
    }
  };

  const seriesSummary = (db: Db, seriesId: number): SeriesSummary => {
    const series = seriesById(db, seriesId);
    if (!series) throw new StudioError('NOT_FOUND', 'no such series');
    return {
      id: series.id,
      name: series.name,
      courses: seriesCourses(db, series.name).map((c) => ({
        id: c.id as CourseId,
        title: c.title,
        archived: c.archived === 1,
      })),
    };
  };

  const changed = (courseId: number | null): void =>
    emit('catalogue.changed', { courseId: courseId as CourseId | null });

  const exists = (db: Db, courseId: number): void => {
    if (courseArchivedAt(db, courseId) === undefined) {
      throw new StudioError('NOT_FOUND', 'no such course');
    }
  };

  const coversDir = (): string => join(deps.workspaceDir(), 'covers');

  const removeCoverFile = (file: string | null | undefined): void => {
    if (!file || !COVER_FILE.test(file)) return;
    try {
      rmSync(join(coversDir(), file), { force: true });
    } catch (error) {
      // The course no longer points at it; a stray file costs only space.
      deps.logger.warn({ err: error, file }, 'could not remove an old course cover');
    }
  };

  return {
    'library.courses': ({ includeArchived }) =>
      listCourses(deps.db(), { includeArchived }).map(toCourseSummary),

    'course.create': (fields: CourseFields) => {
      const db = deps.db();
      const id = db.transaction(() => {
        const values: CourseValues = {
          ...fields,
          seriesName: seriesName(db, fields.seriesId),
          couponCodes: distinct(fields.couponCodes),
          tags: distinct(fields.tags),
          checkoutUrl: fields.checkoutUrl,
          description: fields.description === '' ? null : fields.description,
        };
        checkPrices(values);
        return insertCourse(db, values, clock());
      })();
      changed(id);
      return summary(db, id);
    },

    'course.update': ({ courseId, fields }: { courseId: CourseId; fields: CourseChanges }) => {
      const db = deps.db();
      db.transaction(() => {
        const before = storedCourse(db, courseId);
        if (!before) throw new StudioError('NOT_FOUND', 'no such course');
        const values: CourseValues = {
          title: fields.title ?? before.title,
          seriesName:
            fields.seriesId !== undefined ? seriesName(db, fields.seriesId) : before.seriesName,
          priceMinor: fields.priceMinor ?? before.priceMinor,
          listPriceMinor:
            fields.listPriceMinor !== undefined ? fields.listPriceMinor : before.listPriceMinor,
          currency: fields.currency ?? before.currency,
          checkoutUrl: fields.checkoutUrl !== undefined ? fields.checkoutUrl : before.checkoutUrl,
          couponCodes: distinct(fields.couponCodes ?? before.couponCodes),
          tags: distinct(fields.tags ?? before.tags),
          level: fields.level !== undefined ? fields.level : before.level,
          description:
            fields.description !== undefined
              ? fields.description === ''
                ? null
                : fields.description
              : before.description,
        };
        checkPrices(values);
        updateCourse(db, courseId, values, clock());
      })();
      changed(courseId);
      return summary(db, courseId);
    },

    'course.archive': ({ courseId }) => {
      const db = deps.db();
      const archivedAt = courseArchivedAt(db, courseId);
      if (archivedAt === undefined) throw new StudioError('NOT_FOUND', 'no such course');
      // Archiving twice keeps the first date: that is when it left the catalogue.
      if (archivedAt === null) {
        const now = clock();
        setCourseArchived(db, courseId, now, now);
        changed(courseId);
      }
      return summary(db, courseId);
    },

    'course.unarchive': ({ courseId }) => {
      const db = deps.db();
      const archivedAt = courseArchivedAt(db, courseId);
      if (archivedAt === undefined) throw new StudioError('NOT_FOUND', 'no such course');
      if (archivedAt !== null) {
        setCourseArchived(db, courseId, null, clock());
        changed(courseId);
      }
      return summary(db, courseId);
    },

    'course.setCover': ({ courseId, bytes }) => {
      const db = deps.db();
      exists(db, courseId);
      const type = sniffImage(bytes);
      if (!type) {
        throw new StudioError('BAD_INPUT', 'the cover must be a PNG, JPEG or WebP image');
      }
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const file = `course-${String(courseId)}-${hash}.${EXTENSION[type]}`;
      const dir = coversDir();
      mkdirSync(dir, { recursive: true });
      // Written whole under a temporary name first: a crash never leaves half a picture in use.
      const temporary = join(dir, `.${file}.tmp`);
      writeFileSync(temporary, bytes);
      renameSync(temporary, join(dir, file));
      const previous = courseCoverFile(db, courseId);
      setCourseCoverFile(db, courseId, file, clock());
      if (previous !== file) removeCoverFile(previous);
      changed(courseId);
      return summary(db, courseId);
    },

    'course.removeCover': ({ courseId }) => {
      const db = deps.db();
      const previous = courseCoverFile(db, courseId);
      if (previous === undefined) throw new StudioError('NOT_FOUND', 'no such course');
      if (previous !== null) {
        setCourseCoverFile(db, courseId, null, clock());
        removeCoverFile(previous);
        changed(courseId);
      }
      return summary(db, courseId);
    },

    'course.cover': ({ courseId }) => {
      const db = deps.db();
      const file = courseCoverFile(db, courseId);
      if (file === undefined) throw new StudioError('NOT_FOUND', 'no such course');
      // The name comes from the database; only names this module writes are ever opened.
      if (file === null || !COVER_FILE.test(file)) return null;
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(coversDir(), file));
      } catch {
        return null;
      }
      const mimeType = coverType(file);
      return { mimeType, dataUrl: `data:${mimeType};base64,${bytes.toString('base64')}` };
    },

    'series.list': () => {
      const db = deps.db();
      return listSeries(db).map((s) => seriesSummary(db, s.id));
    },

    'series.create': ({ name }) => {
      const db = deps.db();
      const id = db.transaction(() => {
        if (seriesByName(db, name)) {
          throw new StudioError('CONFLICT', `a series named "${name}" already exists`);
        }
        return insertSeries(db, name, clock());
      })();
      changed(null);
      return seriesSummary(db, id);
    },

    'series.rename': ({ seriesId, name }) => {
      const db = deps.db();
      db.transaction(() => {
        const series = seriesById(db, seriesId);
        if (!series) throw new StudioError('NOT_FOUND', 'no such series');
        const clash = seriesByName(db, name);
        if (clash && clash.id !== seriesId) {
          throw new StudioError('CONFLICT', `a series named "${name}" already exists`);
        }
        renameSeries(db, seriesId, series.name, name, clock());
      })();
      changed(null);
      return seriesSummary(db, seriesId);
    },

    'series.reorder': ({ seriesId, courseIds }) => {
      const db = deps.db();
      db.transaction(() => {
        const current = seriesSummary(db, seriesId).courses.map((c) => Number(c.id));
        const given = courseIds.map(Number);
        const same =
          given.length === current.length &&
          new Set(given).size === given.length &&
          given.every((id) => current.includes(id));
        if (!same) {
          throw new StudioError(
            'BAD_INPUT',
            "the new order must list each of the series' courses exactly once",
          );
        }
        setSeriesOrder(db, given, clock());
      })();
      changed(null);
      return seriesSummary(db, seriesId);
    },
  };
}
