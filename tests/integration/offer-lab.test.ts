import { describe, expect, it } from 'vitest';
import type { SingleServerFrame } from '../../src/shared/contract/audience-protocol';
import { assignVariant } from '../../src/main/kernel/variant-split';
import { useTempDirs } from '../helpers/temp-dir';
import {
  actionId,
  call,
  callError,
  joinViewer,
  liveSession,
  startStudio,
  useLiveCleanup,
  type TestViewer,
} from '../helpers/audience';

// Offer experiments (viewers split by the stored seed, each sees one variant, clicks and orders
// counted per variant) and personal offers (each consenting viewer's own next course) through a
// real studio, real sockets and a real SQLite file.

const tempDir = useTempDirs();
const { studios, viewers } = useLiveCleanup();
const DAY_MS = 86_400_000;

type OfferFrame = Extract<SingleServerFrame, { type: 'offer' }>;
const isOffer = (f: SingleServerFrame): f is OfferFrame => f.type === 'offer' && f.offer !== null;

async function setup() {
  const studio = startStudio(tempDir());
  studios.push(studio);
  const session = await liveSession(studio);
  const db = studio.workspace().db;
  const course = (title: string, price: number, series?: string, position?: number): number =>
    Number(
      db
        .prepare(
          `INSERT INTO courses (title, price_minor, currency, series, series_position, checkout_url,
             created_at) VALUES (?, ?, 'EUR', ?, ?, 'https://shop.example/c', 0)`,
        )
        .run(title, price, series ?? null, position ?? null).lastInsertRowid,
    );
  const learnerOf = (viewer: { viewerId: string }): number =>
    (
      db
        .prepare('SELECT learner_id FROM live_viewers WHERE session_id = ? AND public_id = ?')
        .get(session.sessionId, viewer.viewerId) as { learner_id: number }
    ).learner_id;
  let orders = 0;
  const order = (learnerId: number, courseId: number, at: number, minor: number): void => {
    orders += 1;
    const id = db
      .prepare(
        `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency, total_minor,
           status, imported_at) VALUES ('test', ?, ?, ?, 'EUR', ?, 'paid', ?)`,
      )
      .run(`o${String(orders)}`, learnerId, at, minor, at).lastInsertRowid;
    db.prepare(
      `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, ?, 'x', ?)`,
    ).run(id, courseId, minor);
  };
  const join = async (name: string, consent: boolean) => {
    const viewer = await joinViewer(session.wsUrl, {
      name,
      ...(consent ? { contact: { email: `${name.toLowerCase()}@example.com` } } : {}),
    });
    viewers.push(viewer);
    return viewer;
  };
  return { studio, db, ...session, course, learnerOf, order, join };
}

describe('offer experiments', () => {
  it('shows each viewer the variant of hash(seed, learner), again after a reconnect, and reports per variant', async () => {
    const { studio, sessionId, wsUrl, course, learnerOf, order, join } = await setup();
    const rust = course('Rust', 9900);
    type Joined = TestViewer & { viewerId: string; deviceToken: string };
    const joined: Joined[] = [];
    for (let i = 0; i < 8; i++) joined.push(await join(`Viewer${String(i)}`, false));
    const seed = 'fixed-seed';
    const pushed = await call(studio, 'offer.pushExperiment', {
      sessionId,
      courseId: rust,
      seed,
      variants: [
        { label: 'A', headline: 'Full course' },
        { label: 'B', priceMinor: 7900, couponCode: 'SAVE20', headline: 'Save 20 today' },
      ],
    });
    const shown = new Map<number, number>();
    for (const viewer of joined) {
      const frame = await viewer.waitFor(isOffer);
      const learner = learnerOf(viewer);
      const idx = assignVariant(seed, String(learner), 2);
      shown.set(learner, idx);
      expect(frame.offer).toMatchObject(
        idx === 0
          ? { priceMinor: 9900, couponCode: null, headline: 'Full course' }
          : { priceMinor: 7900, couponCode: 'SAVE20', headline: 'Save 20 today' },
      );
    }
    // With this seed both variants are on screen among the eight viewers.
    expect(new Set(shown.values())).toEqual(new Set([0, 1]));

    // A reconnect (same device token) sees the same variant in its welcome.
    const first = joined[0] as (typeof joined)[number];
    const again = await joinViewer(wsUrl, { name: 'Viewer0', deviceToken: first.deviceToken });
    viewers.push(again);
    expect(again.welcome.state.offer?.priceMinor).toBe(
      first.frames.find(isOffer)?.offer?.priceMinor,
    );
    expect(learnerOf(again)).toBe(learnerOf(first));
    joined[0] = again; // the first socket was replaced

    // Every viewer of variant B clicks; one of them and one viewer of A buy the course.
    const offerId = `o${String(pushed.id)}`;
    const byVariant = (idx: number): Joined[] =>
      joined.filter((v) => shown.get(learnerOf(v)) === idx);
    for (const viewer of byVariant(1)) {
      expect(await viewer.act({ type: 'offerClick', id: actionId(), offerId })).toMatchObject({
        type: 'ack',
      });
    }
    const [buyerB] = byVariant(1);
    const [buyerA] = byVariant(0);
    if (!buyerA || !buyerB) throw new Error('both variants have viewers');
    order(learnerOf(buyerB), rust, Date.now() + 1_000, 7900);
    order(learnerOf(buyerA), rust, Date.now() + 2_000, 9900);
    // Outside the window: not counted.
    order(learnerOf(buyerA), rust, Date.now() + 9 * DAY_MS, 9900);

    const report = await call(studio, 'report.offerLab', { sessionId });
    expect(report.experiments).toHaveLength(1);
    const experiment = report.experiments[0];
    const [a, b] = experiment?.variants ?? [];
    expect(a).toMatchObject({
      label: 'A',
      reached: byVariant(0).length,
      clickers: 0,
      orders: 1,
      buyers: 1,
      revenue: [{ currency: 'EUR', minor: 9900 }],
    });
    expect(b).toMatchObject({
      label: 'B',
      reached: byVariant(1).length,
      clicks: byVariant(1).length,
      clickers: byVariant(1).length,
      orders: 1,
      revenue: [{ currency: 'EUR', minor: 7900 }],
    });
    const click = experiment?.comparisons.find((c) => c.metric === 'click');
    expect(click).toMatchObject({ idx: 1, rateA: 0, rateB: 1, difference: 1 });
    expect(click?.pValue).toBeLessThan(0.05);
    expect(click?.verdict).toBe('apart');
    const purchase = experiment?.comparisons.find((c) => c.metric === 'purchase');
    expect(purchase?.verdict).toBe('notYet');
  });

  it('refuses variants with the same label, and too few variants', async () => {
    const { studio, sessionId, course } = await setup();
    const rust = course('Rust', 9900);
    expect(
      await callError(studio, 'offer.pushExperiment', {
        sessionId,
        courseId: rust,
        variants: [{ label: 'A' }, { label: 'A' }],
      }),
    ).toBe('BAD_INPUT');
    expect(
      await callError(studio, 'offer.pushExperiment', {
        sessionId,
        courseId: rust,
        variants: [{ label: 'A' }],
      }),
    ).toBe('BAD_INPUT');
  });
});

describe('personal offers', () => {
  it('shows each consenting viewer their own next course with its reason, the others the general offer', async () => {
    const { studio, sessionId, course, learnerOf, order, join } = await setup();
    const general = course('Live class pass', 1900);
    const py1 = course('Python 1', 5000, 'Python', 1);
    const py2 = course('Python 2', 6000, 'Python', 2);
    const go1 = course('Go 1', 5000, 'Go', 1);
    const go2 = course('Go 2', 6000, 'Go', 2);
    const art1 = course('Drawing 1', 4000, 'Drawing', 1);
    const art2 = course('Drawing 2', 4500, 'Drawing', 2);
    const ann = await join('Ann', true);
    const bo = await join('Bo', true);
    const cy = await join('Cy', true);
    const dee = await join('Dee', false);
    const past = Date.now() - 30 * DAY_MS;
    order(learnerOf(ann), py1, past, 5000);
    order(learnerOf(bo), go1, past, 5000);
    order(learnerOf(cy), art1, past, 4000);
    order(learnerOf(dee), py1, past, 5000);

    await call(studio, 'offer.push', { sessionId, courseId: general });
    const pushed = await call(studio, 'offer.pushPersonal', { sessionId });
    const personalFrame = (viewer: TestViewer) =>
      viewer.waitFor((f): f is OfferFrame => isOffer(f) && f.offer?.id === `o${String(pushed.id)}`);
    const [fa, fb, fc, fd] = await Promise.all([ann, bo, cy, dee].map(personalFrame));
    expect(fa?.offer).toMatchObject({ title: 'Python 2', priceMinor: 6000 });
    expect(fb?.offer).toMatchObject({ title: 'Go 2', priceMinor: 6000 });
    expect(fc?.offer).toMatchObject({ title: 'Drawing 2', priceMinor: 4500 });
    expect(fa?.offer?.reason?.en).toContain('Python 1');
    expect(fa?.offer?.reason?.['zh-CN']).toContain('Python 1');
    // No consent to link purchases: the general offer, no reason.
    expect(fd?.offer).toMatchObject({ title: 'Live class pass', priceMinor: 1900 });
    expect(fd?.offer?.reason).toBeUndefined();

    const offerId = `o${String(pushed.id)}`;
    await ann.act({ type: 'offerClick', id: actionId(), offerId });
    await bo.act({ type: 'offerClick', id: actionId(), offerId });
    order(learnerOf(ann), py2, Date.now() + 1_000, 6000);
    order(learnerOf(bo), py2, Date.now() + 1_000, 6000); // not what Bo was shown

    const report = await call(studio, 'report.offerLab', { sessionId });
    const courses = report.personal[0]?.courses ?? [];
    const row = (title: string) => courses.find((c) => c.title === title);
    expect(row('Python 2')).toMatchObject({ courseId: py2, reached: 1, clickers: 1, orders: 1 });
    expect(row('Go 2')).toMatchObject({ courseId: go2, reached: 1, clickers: 1, orders: 0 });
    expect(row('Drawing 2')).toMatchObject({ courseId: art2, reached: 1, clickers: 0, orders: 0 });
    expect(row('Live class pass')).toMatchObject({ general: true, reached: 1, orders: 0 });
  });
});
