import { StudioError } from '../../../shared/contract/errors';
import {
  DAY_MS,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  type AttendanceInterval,
  type OfferClick,
  type OfferImpression,
  type PollVote,
  type QuestionStatus,
  type SessionData,
  type SessionEvent,
  type SessionOffer,
  type SessionOrder,
  type SessionPollRun,
  type SessionQuestion,
} from '../../analytics/session-metrics';
import type { Db } from '../connection';

// Everything one class's report needs, read with a handful of statements that each use an index
// (tests/db/session-data.test.ts checks the plans). Events are the bulk — a million rows for the
// benchmark class — and are read as three JSON arrays per slice of time rather than as a million
// row objects: measured here, 1M events take ~1.7 s through `.all()` and ~0.4 s this way
// (better-sqlite3 pays per row and per column; SQLite builds the JSON text at C speed).

export const SESSION_SQL = `SELECT id, course_id, status, started_at, ended_at FROM sessions WHERE id = ?`;

export const ATTENDANCE_SQL = `SELECT learner_id, joined_at, left_at, last_seen_at
  FROM attendance WHERE session_id = ? ORDER BY joined_at, id`;

/** Time span of the class's events: two lookups at the ends of the events_session_at index. */
export const EVENT_SPAN_SQL = `SELECT
    (SELECT min(at) FROM events WHERE session_id = ?) AS first_at,
    (SELECT max(at) FROM events WHERE session_id = ?) AS last_at`;

/**
 * One slice of the class's events, [fromMs, toMs), as parallel JSON arrays in time order. The
 * three aggregates step over the same rows in the same order, so index i of each is one event.
 */
export const EVENT_SLICE_SQL = `SELECT json_group_array(learner_id) AS learners,
    json_group_array(kind) AS kinds, json_group_array(at) AS ats
  FROM (SELECT learner_id, kind, at FROM events
        WHERE session_id = ? AND at >= ? AND at < ? ORDER BY at, id)`;

/** The same with the payloads, for callers that asked for them (several times slower). */
export const EVENT_SLICE_WITH_PAYLOADS_SQL = `SELECT json_group_array(learner_id) AS learners,
    json_group_array(kind) AS kinds, json_group_array(at) AS ats,
    json_group_array(json(payload)) AS payloads
  FROM (SELECT learner_id, kind, at, payload FROM events
        WHERE session_id = ? AND at >= ? AND at < ? ORDER BY at, id)`;

export const QUESTIONS_SQL = `SELECT id, learner_id, text, asked_at, status, answered_at, pinned_at,
    hidden, upvotes
  FROM questions WHERE session_id = ? ORDER BY asked_at, id`;

export const POLL_RUNS_SQL = `SELECT r.id, r.poll_id, p.kind, p.question, p.options, p.multiple,
    p.correct, r.opened_at, r.closed_at, r.revealed_at
  FROM poll_runs r JOIN polls p ON p.id = r.poll_id
  WHERE r.session_id = ? ORDER BY r.opened_at, r.id`;

export const POLL_VOTES_SQL = `SELECT run_id, learner_id, choices, at FROM poll_votes
  WHERE run_id IN (SELECT id FROM poll_runs WHERE session_id = ?) ORDER BY run_id, learner_id`;

export const OFFERS_SQL = `SELECT id, course_id, title, price_minor, currency, pushed_at, ends_at,
    withdrawn_at
  FROM offers WHERE session_id = ? ORDER BY pushed_at, id`;

export const IMPRESSIONS_SQL = `SELECT offer_id, learner_id, at FROM offer_impressions
  WHERE offer_id IN (SELECT id FROM offers WHERE session_id = ?) ORDER BY offer_id, learner_id`;

export const CLICKS_SQL = `SELECT offer_id, learner_id, at FROM offer_clicks
  WHERE offer_id IN (SELECT id FROM offers WHERE session_id = ?) ORDER BY offer_id, at, id`;

/**
 * Purchases that may count for the class: by one of its viewers in [fromMs, toMs) (through
 * orders_learner_at), or carrying one of its offers' ids whenever placed (through orders_offer,
 * migration 0110). Refunded and cancelled orders are not purchases.
 */
export const ORDERS_SQL = `SELECT o.id, o.learner_id, o.ordered_at, o.offer_id, o.currency,
    o.total_minor - o.refunded_minor AS net_minor,
    (SELECT json_group_array(DISTINCT l.course_id) FROM order_lines l
      WHERE l.order_id = o.id AND l.course_id IS NOT NULL) AS course_ids
  FROM orders o
  WHERE o.status IN ('paid', 'partially_refunded') AND o.id IN (
    SELECT id FROM orders
      WHERE learner_id IN (SELECT learner_id FROM attendance WHERE session_id = ?)
        AND ordered_at >= ? AND ordered_at < ?
    UNION
    SELECT id FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE session_id = ?))
  ORDER BY o.ordered_at, o.id`;

/**
 * The class's viewers who had bought before it started (the repurchase numbers' "bought before"):
 * a paid or partially refunded order, through orders_learner_at per attendance row. EXISTS stops
 * at the first such order: on the benchmark class (10,000 viewers with ~4 earlier orders each) it
 * took ~70 ms where reading every earlier order took ~400 ms. A viewer who reconnected appears
 * once per row; the caller keeps each once.
 */
export const PRIOR_BUYERS_SQL = `SELECT a.learner_id FROM attendance a
  WHERE a.session_id = ? AND EXISTS (SELECT 1 FROM orders o
    WHERE o.learner_id = a.learner_id AND o.ordered_at < ?
      AND o.status IN ('paid', 'partially_refunded'))`;

export const IMPRESSION_SPAN_SQL = `SELECT min(at) AS first_at, max(at) AS last_at
  FROM offer_impressions WHERE offer_id IN (SELECT id FROM offers WHERE session_id = ?)`;

/** The course's ended classes that started before a moment, most recent first. */
export const COURSE_HISTORY_SQL = `SELECT id, title, started_at, ended_at FROM sessions
  WHERE course_id = ? AND started_at < ? AND ended_at IS NOT NULL
  ORDER BY started_at DESC, id DESC LIMIT ?`;

/**
 * Events are read in slices of this much class time, so that no JSON text grows with the length
 * of the class (the benchmark class has ~150,000 events per 10 minutes). Counting them first to
 * size the slices would cost more (a walk over the whole index) than it saves.
 */
export const EVENT_SLICE_MS = 10 * 60_000;
const DEFAULT_HISTORY_LIMIT = 20;

export interface LoadSessionDataOptions {
  /** The window orders are read for (default 7 days): use the value the metrics will use. */
  attributionWindowDays?: number;
  /** For a class still live: the end of the period reported on. Required if it has not ended. */
  now?: number;
  /** Read the events' payloads too (default false: no metric reads them). */
  includePayloads?: boolean;
  /**
   * Read the events at all (default true). Attendance, offers and orders alone give the funnel
   * and the purchases; events are the bulk of a large class (a million rows), so callers that
   * need only those skip them.
   */
  includeEvents?: boolean;
}

interface SessionRow {
  id: number;
  course_id: number | null;
  status: string;
  started_at: number | null;
  ended_at: number | null;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}

function loadEvents(db: Db, sessionId: number, includePayloads: boolean): SessionEvent[] {
  const span = db.prepare(EVENT_SPAN_SQL).get(sessionId, sessionId) as {
    first_at: number | null;
    last_at: number | null;
  };
  const events: SessionEvent[] = [];
  if (span.first_at === null || span.last_at === null) return events;
  const end = span.last_at + 1;
  const statement = db.prepare(includePayloads ? EVENT_SLICE_WITH_PAYLOADS_SQL : EVENT_SLICE_SQL);
  for (let from = span.first_at; from < end; from += EVENT_SLICE_MS) {
    const row = statement.get(sessionId, from, Math.min(end, from + EVENT_SLICE_MS)) as {
      learners: string;
      kinds: string;
      ats: string;
      payloads?: string;
    };
    const learners = parseJson(row.learners, 'event learner ids') as (number | null)[];
    const kinds = parseJson(row.kinds, 'event kinds') as string[];
    const ats = parseJson(row.ats, 'event times') as number[];
    const payloads =
      row.payloads === undefined ? null : (parseJson(row.payloads, 'event payloads') as unknown[]);
    for (let i = 0; i < ats.length; i++) {
      const event: { learnerId: number | null; kind: string; at: number; payload?: unknown } = {
        learnerId: learners[i] ?? null,
        kind: kinds[i] ?? '',
        at: ats[i] ?? 0,
      };
      if (payloads) event.payload = payloads[i];
      events.push(event);
    }
  }
  return events;
}

/**
 * Reads one class's SessionData: the session, its attendance, events, questions, poll runs with
 * their votes, offers with impressions and clicks, and the purchases that may be attributed to it
 * (by its viewers from its start, or its first impression if earlier, until the attribution window
 * after its end or its last impression; or carrying one of its offers' ids), and which of its
 * viewers had bought before it started.
 * @throws StudioError NOT_FOUND for an unknown session, CONFLICT for one that has not started (or
 *   is still live and no `now` was given)
 */
export function loadSessionData(
  db: Db,
  sessionId: number,
  options: LoadSessionDataOptions = {},
): SessionData {
  if (!Number.isSafeInteger(sessionId) || sessionId < 1) {
    throw new RangeError(`sessionId must be a whole number, 1 or more (got ${String(sessionId)})`);
  }
  const days = options.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  if (!Number.isFinite(days) || days <= 0) {
    throw new RangeError(
      `options.attributionWindowDays must be a number of days above 0 (got ${String(days)})`,
    );
  }
  const windowMs = Math.round(days * DAY_MS);

  return db.transaction((): SessionData => {
    const row = db.prepare(SESSION_SQL).get(sessionId) as SessionRow | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `no session with id ${sessionId}`);
    if (row.started_at === null) {
      throw new StudioError(
        'CONFLICT',
        `session ${sessionId} has not started (status ${row.status}): there is nothing to report yet`,
      );
    }
    const endedAt = row.ended_at ?? options.now;
    if (endedAt === undefined) {
      throw new StudioError(
        'CONFLICT',
        `session ${sessionId} has not ended (status ${row.status}): pass options.now to report on it so far`,
      );
    }
    const startedAt = row.started_at;

    const attendance = (
      db.prepare(ATTENDANCE_SQL).all(sessionId) as {
        learner_id: number;
        joined_at: number;
        left_at: number | null;
        last_seen_at: number;
      }[]
    ).map((a): AttendanceInterval => ({
      learnerId: a.learner_id,
      joinedAt: a.joined_at,
      leftAt: a.left_at,
      lastSeenAt: a.last_seen_at,
    }));

    const events =
      options.includeEvents === false
        ? []
        : loadEvents(db, sessionId, options.includePayloads ?? false);

    const questions = (
      db.prepare(QUESTIONS_SQL).all(sessionId) as {
        id: number;
        learner_id: number | null;
        text: string;
        asked_at: number;
        status: QuestionStatus;
        answered_at: number | null;
        pinned_at: number | null;
        hidden: number;
        upvotes: number;
      }[]
    ).map((q): SessionQuestion => ({
      id: q.id,
      learnerId: q.learner_id,
      text: q.text,
      askedAt: q.asked_at,
      status: q.status,
      answeredAt: q.answered_at,
      pinnedAt: q.pinned_at,
      hidden: q.hidden === 1,
      upvotes: q.upvotes,
    }));

    const votesByRun = new Map<number, PollVote[]>();
    for (const v of db.prepare(POLL_VOTES_SQL).all(sessionId) as {
      run_id: number;
      learner_id: number;
      choices: string;
      at: number;
    }[]) {
      const choices = parseJson(v.choices, `the choices of a vote in poll run ${v.run_id}`);
      const list = votesByRun.get(v.run_id) ?? [];
      list.push({
        learnerId: v.learner_id,
        // A single choice stored as a bare number is read as a one-item list.
        choices: Array.isArray(choices) ? (choices as number[]) : [choices as number],
        at: v.at,
      });
      votesByRun.set(v.run_id, list);
    }
    const pollRuns = (
      db.prepare(POLL_RUNS_SQL).all(sessionId) as {
        id: number;
        poll_id: number;
        kind: 'poll' | 'quiz';
        question: string;
        options: string;
        multiple: number;
        correct: string | null;
        opened_at: number;
        closed_at: number | null;
        revealed_at: number | null;
      }[]
    ).map((r): SessionPollRun => ({
      id: r.id,
      pollId: r.poll_id,
      kind: r.kind,
      question: r.question,
      options: parseJson(r.options, `the options of poll ${r.poll_id}`) as string[],
      multiple: r.multiple === 1,
      correct:
        r.correct === null
          ? null
          : (parseJson(r.correct, `the answer key of poll ${r.poll_id}`) as number[]),
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      revealedAt: r.revealed_at,
      votes: votesByRun.get(r.id) ?? [],
    }));

    type OfferEntry = { offer_id: number; learner_id: number; at: number };
    const group = <T>(rows: OfferEntry[], make: (row: OfferEntry) => T): Map<number, T[]> => {
      const byOffer = new Map<number, T[]>();
      for (const entry of rows) {
        const list = byOffer.get(entry.offer_id) ?? [];
        list.push(make(entry));
        byOffer.set(entry.offer_id, list);
      }
      return byOffer;
    };
    const impressions = group(
      db.prepare(IMPRESSIONS_SQL).all(sessionId) as OfferEntry[],
      (e): OfferImpression => ({ learnerId: e.learner_id, at: e.at }),
    );
    const clicks = group(
      db.prepare(CLICKS_SQL).all(sessionId) as OfferEntry[],
      (e): OfferClick => ({ learnerId: e.learner_id, at: e.at }),
    );
    const offers = (
      db.prepare(OFFERS_SQL).all(sessionId) as {
        id: number;
        course_id: number | null;
        title: string;
        price_minor: number;
        currency: string;
        pushed_at: number;
        ends_at: number | null;
        withdrawn_at: number | null;
      }[]
    ).map((o): SessionOffer => ({
      id: o.id,
      courseId: o.course_id,
      title: o.title,
      priceMinor: o.price_minor,
      currency: o.currency,
      pushedAt: o.pushed_at,
      endsAt: o.ends_at,
      withdrawnAt: o.withdrawn_at,
      impressions: impressions.get(o.id) ?? [],
      clicks: clicks.get(o.id) ?? [],
    }));

    const impressionSpan = db.prepare(IMPRESSION_SPAN_SQL).get(sessionId) as {
      first_at: number | null;
      last_at: number | null;
    };
    const ordersFrom = Math.min(startedAt, impressionSpan.first_at ?? startedAt);
    const ordersTo = Math.max(endedAt, impressionSpan.last_at ?? endedAt) + windowMs;
    const orders = (
      db.prepare(ORDERS_SQL).all(sessionId, ordersFrom, ordersTo, sessionId) as {
        id: number;
        learner_id: number | null;
        ordered_at: number;
        offer_id: number | null;
        currency: string;
        net_minor: number;
        course_ids: string;
      }[]
    ).map((o): SessionOrder => ({
      id: o.id,
      learnerId: o.learner_id,
      orderedAt: o.ordered_at,
      offerId: o.offer_id,
      courseIds: parseJson(o.course_ids, `the courses of order ${o.id}`) as number[],
      netMinor: o.net_minor,
      currency: o.currency,
    }));

    const priorBuyers = [
      ...new Set(
        (db.prepare(PRIOR_BUYERS_SQL).all(sessionId, startedAt) as { learner_id: number }[]).map(
          (r) => r.learner_id,
        ),
      ),
    ].sort((p, q) => p - q);

    return {
      session: { id: row.id, startedAt, endedAt, courseId: row.course_id },
      attendance,
      events,
      questions,
      pollRuns,
      offers,
      orders,
      priorBuyers,
    };
  })();
}

export interface CourseHistoryRow {
  id: number;
  title: string;
  startedAt: number;
  endedAt: number;
}

/**
 * The course's ended classes that started before `beforeMs`, most recent first, at most `limit`
 * (default 20): the classes a report compares its class with.
 */
export function loadCourseHistory(
  db: Db,
  courseId: number,
  beforeMs: number,
  options: { limit?: number } = {},
): CourseHistoryRow[] {
  return (
    db
      .prepare(COURSE_HISTORY_SQL)
      .all(courseId, beforeMs, options.limit ?? DEFAULT_HISTORY_LIMIT) as {
      id: number;
      title: string;
      started_at: number;
      ended_at: number;
    }[]
  ).map((s) => ({ id: s.id, title: s.title, startedAt: s.started_at, endedAt: s.ended_at }));
}
