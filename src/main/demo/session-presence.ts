import { MINUTE_MS, SECOND_MS } from './calendar';
import { COURSES, TOPICS } from './catalogue';
import {
  DEFAULT_VIEWERS_MAX,
  DEFAULT_VIEWERS_MIN,
  DEFAULT_VIEWERS_POOL_SHARE,
  HEARTBEAT_MS,
  NEWCOMER_BOOST,
  NEWCOMER_WINDOW_MS,
  PRESENCE_GRACE_MS,
  type Intervals,
  type SessionContext,
  type SessionPlan,
} from './session-model';

// Who comes to a class, and when each viewer is there: arrival, departure and reconnects.

/** Picks the class's audience: engaged learners come back, newcomers try one, interests matter. */
export function selectViewers(ctx: SessionContext, plan: SessionPlan): Int32Array {
  const { rng, population } = ctx;
  const course = COURSES[plan.courseIndex];
  if (!course) throw new Error(`no course ${plan.courseIndex}`);
  const topic = TOPICS.indexOf(course.topic);
  const candidates = new Int32Array(population.count);
  const keys = new Float64Array(population.count);
  let eligible = 0;
  for (let i = 0; i < population.count; i++) {
    const created = population.createdAt[i] ?? Infinity;
    if (population.hasDevice[i] !== 1 || created >= plan.startedAt - 10 * MINUTE_MS) continue;
    const interestFit =
      population.interest[i] === topic ? 1 : course.topic === 'workshop' ? 0.6 : 0.3;
    const newcomer = plan.startedAt - created < NEWCOMER_WINDOW_MS ? NEWCOMER_BOOST : 1;
    const weight = (population.engagement[i] ?? 1) ** 1.8 * interestFit * newcomer;
    // Efraimidis–Spirakis: the k largest log(u)/w are a weighted sample without replacement.
    candidates[eligible] = i;
    keys[eligible] = Math.log(1 - rng.next()) / weight;
    eligible++;
  }
  const wanted =
    plan.viewers ??
    Math.min(
      rng.int(DEFAULT_VIEWERS_MIN, DEFAULT_VIEWERS_MAX),
      Math.round(eligible * DEFAULT_VIEWERS_POOL_SHARE),
    );
  const count = Math.min(wanted, eligible);
  const order = new Uint32Array(eligible);
  for (let i = 0; i < eligible; i++) order[i] = i;
  order.sort((a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || a - b);
  const viewers = new Int32Array(count);
  for (let s = 0; s < count; s++) viewers[s] = candidates[order[s] ?? 0] ?? 0;
  return viewers;
}

/** Presence: one to three intervals per viewer, contiguous per viewer. */
export function drawPresence(
  ctx: SessionContext,
  plan: SessionPlan,
  viewerCount: number,
  engagementOf: (slot: number) => number,
): Intervals {
  const { rng } = ctx;
  const start = plan.startedAt;
  const end = plan.endedAt;
  const length = end - start;
  const capacity = viewerCount * 3;
  const iv: Intervals = {
    n: 0,
    slot: new Int32Array(capacity),
    join: new Float64Array(capacity),
    seen: new Float64Array(capacity),
    left: new Float64Array(capacity),
    first: new Int32Array(viewerCount),
    count: new Uint8Array(viewerCount),
    presentMs: new Float64Array(viewerCount),
  };
  const addInterval = (slot: number, join: number, leave: number, dropped: boolean): void => {
    // A dropped connection is closed by the server a grace period after the last heartbeat; a
    // viewer who leaves (or is still there when the class ends) is closed at once.
    const seen = dropped
      ? leave
      : Math.max(join + 20 * SECOND_MS, leave - Math.floor(rng.next() * HEARTBEAT_MS));
    iv.slot[iv.n] = slot;
    iv.join[iv.n] = join;
    iv.seen[iv.n] = seen;
    iv.left[iv.n] = dropped ? Math.min(end, leave + PRESENCE_GRACE_MS) : leave;
    iv.presentMs[slot] = (iv.presentMs[slot] ?? 0) + (seen - join);
    iv.n++;
    iv.count[slot] = (iv.count[slot] ?? 0) + 1;
  };

  for (let slot = 0; slot < viewerCount; slot++) {
    // Engagement squashed to 0..1 (0.5 for an average viewer), to scale probabilities with.
    const keen = engagementOf(slot) / (1 + engagementOf(slot));
    iv.first[slot] = iv.n;
    // Arrival: a crowd waiting in the lobby, most within minutes, and a long tail of latecomers.
    const arrival = rng.next();
    let join: number;
    if (arrival < 0.22) join = start + rng.uniform(0, 45 * SECOND_MS);
    else if (arrival < 0.8) join = start + rng.exponential(4 * MINUTE_MS);
    else join = start + 5 * MINUTE_MS + rng.exponential(length / 4);
    join = Math.floor(Math.min(join, end - 3 * MINUTE_MS));
    // Departure: the hazard is high in the first minutes (bouncers) and near the end (wrap-up).
    const departure = rng.next();
    const bounce = 0.16 * (1 - 0.6 * keen);
    const stay = 0.4 + 0.4 * keen;
    let leave: number;
    if (departure < bounce) leave = join + 30 * SECOND_MS + rng.exponential(4 * MINUTE_MS);
    else if (departure < bounce + stay)
      leave = rng.chance(0.5) ? end : end - rng.exponential(3 * MINUTE_MS);
    else leave = join + rng.uniform(0.15, 1) * (end - join);
    leave = Math.floor(Math.min(end, Math.max(join + 45 * SECOND_MS, leave)));

    // Reconnects: a dropped Wi-Fi, a phone switching networks.
    let segmentStart = join;
    let reconnects = rng.chance(0.07 + 0.05 * keen) ? (rng.chance(0.25) ? 2 : 1) : 0;
    while (reconnects > 0 && leave - segmentStart > 8 * MINUTE_MS) {
      const drop = Math.floor(rng.uniform(segmentStart + 2 * MINUTE_MS, leave - 4 * MINUTE_MS));
      const back = drop + PRESENCE_GRACE_MS + Math.floor(15 * SECOND_MS + rng.exponential(75_000));
      if (back >= leave - MINUTE_MS) break;
      addInterval(slot, segmentStart, drop, true);
      segmentStart = back;
      reconnects--;
    }
    addInterval(slot, segmentStart, leave, false);
  }
  return iv;
}

/** The viewer's interval that holds `at`, or -1 when they were not there then. */
export function presentInterval(iv: Intervals, slot: number, at: number): number {
  const first = iv.first[slot] ?? 0;
  const last = first + (iv.count[slot] ?? 0);
  for (let j = first; j < last; j++) {
    if (at >= (iv.join[j] ?? 0) && at <= (iv.seen[j] ?? 0)) return j;
  }
  return -1;
}
