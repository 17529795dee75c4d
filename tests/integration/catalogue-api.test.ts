import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/shared/contract/courses-api';
import type { CourseId } from '../../src/shared/model/ids';
import type { MethodInput, MethodName } from '../../src/shared/contract';
import { call, liveSession, startStudio, useLiveCleanup } from '../helpers/audience';
import { useTempDirs } from '../helpers/temp-dir';

// The catalogue through the real router, on an empty workspace as a new user has it: courses and
// series are made, edited, given covers and archived, and the live offer follows the catalogue.

const tempDir = useTempDirs();
const cleanup = useLiveCleanup();

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const WEBP_HEADER = Uint8Array.from([
  ...Buffer.from('RIFF'),
  0x1a,
  0,
  0,
  0,
  ...Buffer.from('WEBPVP8 '),
  ...new Array<number>(14).fill(0),
]);

function open() {
  const dir = tempDir();
  const studio = startStudio(dir);
  cleanup.studios.push(studio);
  return { studio, dir };
}

async function failure<M extends MethodName>(
  studio: ReturnType<typeof startStudio>,
  method: M,
  input: MethodInput<M>,
): Promise<{ code: string; message: string }> {
  const envelope = await studio.router.handle(method, input, { transport: 'test' });
  if (envelope.ok) throw new Error(`${method} succeeded`);
  return envelope.error;
}

describe('catalogue API', () => {
  it('creates courses in series on an empty workspace, edits and orders them', async () => {
    const { studio } = open();
    const changes: unknown[] = [];
    studio.events.subscribe((event, payload) => {
      if (event === 'catalogue.changed') changes.push(payload);
    });
    expect(await call(studio, 'library.courses', {})).toEqual([]);
    const python = await call(studio, 'series.create', { name: 'Python' });
    expect(python).toEqual({ id: python.id, name: 'Python', courses: [] });
    expect(await failure(studio, 'series.create', { name: 'python ' })).toEqual({
      code: 'CONFLICT',
      message: 'a series named "python" already exists',
    });

    const one = await call(studio, 'course.create', {
      title: 'Python 1',
      seriesId: python.id,
      priceMinor: 19900,
      listPriceMinor: 29900,
      currency: 'cny',
      checkoutUrl: 'https://shop.example/py1',
      couponCodes: ['LIVE10', 'live10', 'VIP'],
      tags: ['python', ' data '],
      level: 'beginner',
      description: 'From zero to scripts.',
    });
    expect(one).toMatchObject({
      title: 'Python 1',
      series: 'Python',
      seriesId: python.id,
      seriesPosition: 1,
      priceMinor: 19900,
      listPriceMinor: 29900,
      currency: 'CNY',
      couponCodes: ['LIVE10', 'VIP'],
      tags: ['python', 'data'],
      level: 'beginner',
      coverKey: null,
      archivedAt: null,
      sessionCount: 0,
    });
    const two = await call(studio, 'course.create', {
      title: 'Python 2',
      seriesId: python.id,
      priceMinor: 0,
      currency: 'CNY',
    });
    expect(two.seriesPosition).toBe(2);

    const renamed = await call(studio, 'series.rename', {
      seriesId: python.id,
      name: 'Python 101',
    });
    expect(renamed.courses.map((c) => c.title)).toEqual(['Python 1', 'Python 2']);
    expect((await call(studio, 'library.courses', {})).map((c) => [c.title, c.series])).toEqual([
      ['Python 1', 'Python 101'],
      ['Python 2', 'Python 101'],
    ]);
    const reordered = await call(studio, 'series.reorder', {
      seriesId: python.id,
      courseIds: [two.id, one.id],
    });
    expect(reordered.courses.map((c) => c.id)).toEqual([two.id, one.id]);
    expect(
      await failure(studio, 'series.reorder', { seriesId: python.id, courseIds: [two.id] }),
    ).toEqual({
      code: 'BAD_INPUT',
      message: "the new order must list each of the series' courses exactly once",
    });

    const edited = await call(studio, 'course.update', {
      courseId: one.id,
      fields: { title: 'Python basics', seriesId: null, checkoutUrl: null },
    });
    expect(edited).toMatchObject({
      title: 'Python basics',
      series: null,
      seriesPosition: null,
      checkoutUrl: null,
      priceMinor: 19900,
      couponCodes: ['LIVE10', 'VIP'],
    });
    expect(changes.length).toBeGreaterThanOrEqual(6);
  });

  it('answers bad input with the exact message of each rule', async () => {
    const { studio } = open();
    const bad = await failure(studio, 'course.create', {
      title: '',
      priceMinor: -5,
      currency: 'ZZZ',
      checkoutUrl: 'javascript:alert(1)',
    });
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message).toBe(
      `course.create: title: ${MESSAGES.title}; priceMinor: ${MESSAGES.price}; currency: ${MESSAGES.currency}; checkoutUrl: ${MESSAGES.checkoutUrl}`,
    );
    expect(
      await failure(studio, 'course.create', {
        title: 'A',
        priceMinor: 500,
        listPriceMinor: 100,
        currency: 'USD',
      }),
    ).toEqual({ code: 'BAD_INPUT', message: 'the list price must not be below the price' });
    expect(
      await failure(studio, 'course.create', {
        title: 'A',
        priceMinor: 1,
        currency: 'USD',
        seriesId: 99,
      }),
    ).toEqual({ code: 'NOT_FOUND', message: 'no such series' });
    expect(
      await failure(studio, 'course.update', { courseId: 42, fields: { title: 'x' } }),
    ).toEqual({ code: 'NOT_FOUND', message: 'no such course' });
    expect(await call(studio, 'library.courses', { includeArchived: true })).toEqual([]);
  });

  it('keeps covers in the workspace folder, by their bytes, and serves them back', async () => {
    const { studio, dir } = open();
    const course = await call(studio, 'course.create', {
      title: 'Ink',
      priceMinor: 4900,
      currency: 'USD',
    });
    expect(await call(studio, 'course.cover', { courseId: course.id })).toBeNull();
    // A text file named .png is not a picture.
    expect(
      await failure(studio, 'course.setCover', {
        courseId: course.id,
        bytes: new TextEncoder().encode('<svg onload=alert(1)>'),
      }),
    ).toEqual({ code: 'BAD_INPUT', message: 'the cover must be a PNG, JPEG or WebP image' });
    expect(
      await failure(studio, 'course.setCover', {
        courseId: course.id,
        bytes: new Uint8Array(5 * 1024 * 1024 + 1),
      }),
    ).toEqual({ code: 'BAD_INPUT', message: `course.setCover: bytes: ${MESSAGES.coverTooLarge}` });

    const withCover = await call(studio, 'course.setCover', { courseId: course.id, bytes: PNG });
    const covers = join(dir, 'workspaces', 'default', 'covers');
    expect(withCover.coverKey).toMatch(/^course-\d+-[0-9a-f]{16}\.png$/);
    expect(readdirSync(covers)).toEqual([withCover.coverKey]);
    const cover = await call(studio, 'course.cover', { courseId: course.id });
    expect(cover).toEqual({
      mimeType: 'image/png',
      dataUrl: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    });

    // A new picture replaces the old file; removing it leaves no file behind.
    const webp = await call(studio, 'course.setCover', { courseId: course.id, bytes: WEBP_HEADER });
    expect(webp.coverKey).toMatch(/\.webp$/);
    expect(readdirSync(covers)).toEqual([webp.coverKey]);
    const removed = await call(studio, 'course.removeCover', { courseId: course.id });
    expect(removed.coverKey).toBeNull();
    expect(readdirSync(covers)).toEqual([]);
    expect(existsSync(covers)).toBe(true);
  });

  it('takes archived courses out of pickers and offers, not out of reports', async () => {
    const { studio } = open();
    const kept = await call(studio, 'course.create', {
      title: 'Kept',
      priceMinor: 1000,
      currency: 'CNY',
      couponCodes: ['LIVE10'],
    });
    const gone = await call(studio, 'course.create', {
      title: 'Gone',
      priceMinor: 2000,
      currency: 'CNY',
    });
    const { sessionId } = await liveSession(studio);
    // An offer of a course before it is archived stays in the class's history.
    await call(studio, 'offer.push', { sessionId, courseId: gone.id });
    const archived = await call(studio, 'course.archive', { courseId: gone.id });
    expect(archived.archivedAt).not.toBeNull();
    expect(await call(studio, 'course.archive', { courseId: gone.id })).toEqual(archived);

    expect((await call(studio, 'library.courses', {})).map((c) => c.title)).toEqual(['Kept']);
    expect(
      (await call(studio, 'library.courses', { includeArchived: true })).map((c) => c.title),
    ).toEqual(['Gone', 'Kept']);
    expect(await failure(studio, 'offer.push', { sessionId, courseId: gone.id })).toEqual({
      code: 'CONFLICT',
      message: 'this course is archived: restore it to offer it',
    });

    // The course's first default coupon goes with its offer unless the host types another.
    const offer = await call(studio, 'offer.push', {
      sessionId,
      courseId: kept.id,
    });
    expect(offer).toMatchObject({ title: 'Kept', couponCode: 'LIVE10', priceMinor: 1000 });
    const live = await call(studio, 'live.state', { sessionId });
    expect(live.offers.map((o) => o.title).sort()).toEqual(['Gone', 'Kept']);

    const restored = await call(studio, 'course.unarchive', { courseId: gone.id });
    expect(restored.archivedAt).toBeNull();
    expect((await call(studio, 'library.courses', {})).map((c) => c.title)).toEqual([
      'Gone',
      'Kept',
    ]);
  });

  it('stops recommending a course once it is archived (no stale cached recommendations)', async () => {
    const dir = tempDir();
    const studio = startStudio(dir, { clock: () => Date.UTC(2026, 10, 22, 12) });
    cleanup.studios.push(studio);
    await call(studio, 'workspace.loadDemo', {});
    const before = await call(studio, 'analytics.recommendations', { limit: 500 });
    const counts = new Map<number, number>();
    for (const row of before.rows) counts.set(row.courseId, (counts.get(row.courseId) ?? 0) + 1);
    const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    expect(top).toBeDefined();
    const courseId = top![0] as CourseId;

    await call(studio, 'course.archive', { courseId });
    const after = await call(studio, 'analytics.recommendations', { limit: 500 });
    expect(after.rows.filter((row) => row.courseId === courseId)).toEqual([]);
    expect(after.total).toBeGreaterThan(0);

    // Restored, it can be recommended again.
    await call(studio, 'course.unarchive', { courseId });
    const again = await call(studio, 'analytics.recommendations', { limit: 500 });
    expect(again.rows.some((row) => row.courseId === courseId)).toBe(true);
  });
});
