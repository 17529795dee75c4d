// Checks the input and options at the boundary and names the first bad field in the error.
import {
  INTERACTION_KINDS,
  type InteractionKind,
  type QuestionStatus,
  type SessionData,
} from './input';
import {
  DAY_MS,
  DEFAULT_ATTRIBUTION_WINDOW_DAYS,
  DEFAULT_BUCKET_MS,
  DEFAULT_DROP_OFF_COUNT,
  DEFAULT_ENGAGEMENT_CAPS,
  DEFAULT_ENGAGEMENT_WEIGHTS,
  DEFAULT_LOOKBACK_BUCKETS,
  DEFAULT_MIN_FALL,
  DEFAULT_MIN_FALL_SHARE,
  DEFAULT_TOP_QUESTIONS,
  type EngagementCaps,
  type EngagementWeights,
  MAX_ATTRIBUTION_WINDOW_DAYS,
  MAX_BUCKET_MS,
  MIN_BUCKET_MS,
} from './options';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkObject(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TypeError(`${path} must be an object (got ${show(value)})`);
  return value;
}

export function checkArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array (got ${show(value)})`);
  return value;
}

export function checkTime(value: unknown, path: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${path} must be a number of epoch ms (got ${show(value)})`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${path} must be a whole number of epoch ms (got ${value})`);
  }
  return value;
}

function checkTimeOrNull(value: unknown, path: string): number | null {
  return value === null ? null : checkTime(value, path);
}

export function checkId(value: unknown, path: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${path} must be an id number (got ${show(value)})`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${path} must be a whole number, 1 or more (got ${value})`);
  }
  return value;
}

function checkIdOrNull(value: unknown, path: string): number | null {
  return value === null ? null : checkId(value, path);
}

function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`${path} must be a string (got ${show(value)})`);
  return value;
}

function checkCount(value: unknown, path: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${path} must be a number (got ${show(value)})`);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${path} must be a whole number, 0 or more (got ${value})`);
  }
  return value;
}

function checkCurrency(value: unknown, path: string): string {
  const text = checkString(value, path);
  if (!/^[A-Z]{3}$/.test(text)) {
    throw new RangeError(
      `${path} must be a 3-letter ISO 4217 code in capitals (got ${show(text)})`,
    );
  }
  return text;
}

function checkIndexList(value: unknown, path: string): void {
  const list = checkArray(value, path);
  list.forEach((item, i) => {
    if (typeof item !== 'number')
      throw new TypeError(`${path}[${i}] must be a number (got ${show(item)})`);
    if (!Number.isSafeInteger(item) || item < 0) {
      throw new RangeError(`${path}[${i}] must be a whole number, 0 or more (got ${item})`);
    }
  });
}

const STATUSES: readonly QuestionStatus[] = ['open', 'answered', 'dismissed'];
const DATA_FIELDS = ['attendance', 'events', 'questions', 'pollRuns', 'offers', 'orders'] as const;

/**
 * Checks a SessionData from an untrusted or untyped source; throws on the first bad field with a
 * message naming it (`data.events[12].at must be a whole number of epoch ms (got 1.5)`).
 * @throws TypeError for a wrong type, RangeError for a value out of range
 */
export function assertSessionData(data: unknown): asserts data is SessionData {
  if (!isRecord(data)) {
    throw new TypeError(
      `data must be an object with session, attendance, events, questions, pollRuns, offers and orders (got ${show(data)})`,
    );
  }
  const session = checkObject(data.session, 'data.session');
  checkId(session.id, 'data.session.id');
  const startedAt = checkTime(session.startedAt, 'data.session.startedAt');
  const endedAt = checkTime(session.endedAt, 'data.session.endedAt');
  checkIdOrNull(session.courseId, 'data.session.courseId');
  if (endedAt <= startedAt) {
    throw new RangeError(
      `data.session.endedAt (${endedAt}) must be after data.session.startedAt (${startedAt})`,
    );
  }
  for (const field of DATA_FIELDS) checkArray(data[field], `data.${field}`);
  const list = (field: (typeof DATA_FIELDS)[number]): readonly unknown[] =>
    data[field] as readonly unknown[];

  list('attendance').forEach((item, i) => {
    const path = `data.attendance[${i}]`;
    const row = checkObject(item, path);
    checkId(row.learnerId, `${path}.learnerId`);
    const joinedAt = checkTime(row.joinedAt, `${path}.joinedAt`);
    const leftAt = checkTimeOrNull(row.leftAt, `${path}.leftAt`);
    const lastSeenAt = checkTime(row.lastSeenAt, `${path}.lastSeenAt`);
    if (leftAt !== null && leftAt < joinedAt) {
      throw new RangeError(
        `${path}.leftAt (${leftAt}) must not be before its joinedAt (${joinedAt})`,
      );
    }
    if (lastSeenAt < joinedAt) {
      throw new RangeError(
        `${path}.lastSeenAt (${lastSeenAt}) must not be before its joinedAt (${joinedAt})`,
      );
    }
  });

  // A million events at the largest size: checked inline, without a closure per field.
  const events = list('events');
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!isRecord(event))
      throw new TypeError(`data.events[${i}] must be an object (got ${show(event)})`);
    if (event.learnerId !== null) checkId(event.learnerId, `data.events[${i}].learnerId`);
    if (typeof event.kind !== 'string' || event.kind.length === 0) {
      throw new TypeError(
        `data.events[${i}].kind must be a non-empty string (got ${show(event.kind)})`,
      );
    }
    checkTime(event.at, `data.events[${i}].at`);
  }

  list('questions').forEach((item, i) => {
    const path = `data.questions[${i}]`;
    const q = checkObject(item, path);
    checkId(q.id, `${path}.id`);
    checkIdOrNull(q.learnerId, `${path}.learnerId`);
    checkString(q.text, `${path}.text`);
    checkTime(q.askedAt, `${path}.askedAt`);
    if (!STATUSES.includes(q.status as QuestionStatus)) {
      throw new RangeError(
        `${path}.status must be one of ${STATUSES.join(', ')} (got ${show(q.status)})`,
      );
    }
    checkTimeOrNull(q.answeredAt, `${path}.answeredAt`);
    checkTimeOrNull(q.pinnedAt, `${path}.pinnedAt`);
    if (typeof q.hidden !== 'boolean') {
      throw new TypeError(`${path}.hidden must be a boolean (got ${show(q.hidden)})`);
    }
    checkCount(q.upvotes, `${path}.upvotes`);
  });

  list('pollRuns').forEach((item, i) => {
    const path = `data.pollRuns[${i}]`;
    const run = checkObject(item, path);
    checkId(run.id, `${path}.id`);
    checkId(run.pollId, `${path}.pollId`);
    if (run.kind !== 'poll' && run.kind !== 'quiz') {
      throw new RangeError(`${path}.kind must be "poll" or "quiz" (got ${show(run.kind)})`);
    }
    checkString(run.question, `${path}.question`);
    const options = checkArray(run.options, `${path}.options`);
    if (options.length === 0) throw new RangeError(`${path}.options must not be empty`);
    options.forEach((option, j) => checkString(option, `${path}.options[${j}]`));
    if (typeof run.multiple !== 'boolean') {
      throw new TypeError(`${path}.multiple must be a boolean (got ${show(run.multiple)})`);
    }
    if (run.correct !== null) {
      checkIndexList(run.correct, `${path}.correct`);
      (run.correct as readonly number[]).forEach((index, j) => {
        if (index >= options.length) {
          throw new RangeError(
            `${path}.correct[${j}] must be the index of one of the ${options.length} options (got ${index})`,
          );
        }
      });
    }
    const openedAt = checkTime(run.openedAt, `${path}.openedAt`);
    const closedAt = checkTimeOrNull(run.closedAt, `${path}.closedAt`);
    if (closedAt !== null && closedAt < openedAt) {
      throw new RangeError(
        `${path}.closedAt (${closedAt}) must not be before its openedAt (${openedAt})`,
      );
    }
    checkTimeOrNull(run.revealedAt, `${path}.revealedAt`);
    checkArray(run.votes, `${path}.votes`).forEach((vote, j) => {
      const votePath = `${path}.votes[${j}]`;
      const v = checkObject(vote, votePath);
      checkId(v.learnerId, `${votePath}.learnerId`);
      checkIndexList(v.choices, `${votePath}.choices`);
      checkTime(v.at, `${votePath}.at`);
    });
  });

  list('offers').forEach((item, i) => {
    const path = `data.offers[${i}]`;
    const offer = checkObject(item, path);
    checkId(offer.id, `${path}.id`);
    checkIdOrNull(offer.courseId, `${path}.courseId`);
    checkString(offer.title, `${path}.title`);
    checkCount(offer.priceMinor, `${path}.priceMinor`);
    checkCurrency(offer.currency, `${path}.currency`);
    checkTime(offer.pushedAt, `${path}.pushedAt`);
    checkTimeOrNull(offer.endsAt, `${path}.endsAt`);
    checkTimeOrNull(offer.withdrawnAt, `${path}.withdrawnAt`);
    for (const field of ['impressions', 'clicks'] as const) {
      checkArray(offer[field], `${path}.${field}`).forEach((entry, j) => {
        const entryPath = `${path}.${field}[${j}]`;
        const e = checkObject(entry, entryPath);
        checkId(e.learnerId, `${entryPath}.learnerId`);
        checkTime(e.at, `${entryPath}.at`);
      });
    }
  });

  list('orders').forEach((item, i) => {
    const path = `data.orders[${i}]`;
    const order = checkObject(item, path);
    checkId(order.id, `${path}.id`);
    checkIdOrNull(order.learnerId, `${path}.learnerId`);
    checkTime(order.orderedAt, `${path}.orderedAt`);
    checkIdOrNull(order.offerId, `${path}.offerId`);
    checkArray(order.courseIds, `${path}.courseIds`).forEach((id, j) =>
      checkId(id, `${path}.courseIds[${j}]`),
    );
    if (typeof order.netMinor !== 'number') {
      throw new TypeError(
        `${path}.netMinor must be a number of minor units (got ${show(order.netMinor)})`,
      );
    }
    if (!Number.isSafeInteger(order.netMinor)) {
      throw new RangeError(
        `${path}.netMinor must be a whole number of minor units (got ${order.netMinor})`,
      );
    }
    checkCurrency(order.currency, `${path}.currency`);
  });

  if (data.priorBuyers !== undefined) {
    checkArray(data.priorBuyers, 'data.priorBuyers').forEach((id, i) =>
      checkId(id, `data.priorBuyers[${i}]`),
    );
  }
}

export interface ResolvedOptions {
  attributionWindowDays: number;
  windowMs: number;
  weights: EngagementWeights;
  caps: EngagementCaps;
  bucketMs: number;
  dropCount: number;
  minFall: number;
  minFallShare: number;
  lookbackBuckets: number;
  topQuestions: number;
}

function wholeOption(
  value: unknown,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(
      `options.${name} must be a whole number from ${min} to ${max} (got ${show(value)})`,
    );
  }
  return value;
}

function kindRecord<T>(
  value: unknown,
  name: string,
  defaults: Readonly<Record<InteractionKind, T>>,
  check: (entry: unknown, path: string) => T,
): Record<InteractionKind, T> {
  const result = { ...defaults };
  if (value === undefined) return result;
  if (!isRecord(value))
    throw new TypeError(`options.${name} must be an object (got ${show(value)})`);
  for (const [key, entry] of Object.entries(value)) {
    if (!(INTERACTION_KINDS as readonly string[]).includes(key)) {
      throw new RangeError(
        `options.${name}.${key} is not an interaction kind (expected one of ${INTERACTION_KINDS.join(', ')})`,
      );
    }
    if (entry === undefined) continue;
    result[key as InteractionKind] = check(entry, `options.${name}.${key}`);
  }
  return result;
}

function checkWeight(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${path} must be a finite number, 0 or more (got ${show(value)})`);
  }
  return value;
}

function checkCap(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `${path} must be a whole number, 0 or more, or null for no cap (got ${show(value)})`,
    );
  }
  return value;
}

/** Resolves options over their defaults; throws a RangeError or TypeError naming a bad one. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (!isRecord(options)) throw new TypeError(`options must be an object (got ${show(options)})`);
  const days = options.attributionWindowDays ?? DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  if (
    typeof days !== 'number' ||
    !Number.isFinite(days) ||
    days <= 0 ||
    days > MAX_ATTRIBUTION_WINDOW_DAYS
  ) {
    throw new RangeError(
      `options.attributionWindowDays must be a number of days above 0 and at most ${MAX_ATTRIBUTION_WINDOW_DAYS} (got ${show(days)})`,
    );
  }
  const dropOffs = options.dropOffs ?? {};
  if (!isRecord(dropOffs)) {
    throw new TypeError(`options.dropOffs must be an object (got ${show(dropOffs)})`);
  }
  const minFallShare = dropOffs.minFallShare ?? DEFAULT_MIN_FALL_SHARE;
  if (typeof minFallShare !== 'number' || !(minFallShare >= 0 && minFallShare <= 1)) {
    throw new RangeError(
      `options.dropOffs.minFallShare must be a number from 0 to 1 (got ${show(minFallShare)})`,
    );
  }
  return {
    attributionWindowDays: days,
    windowMs: Math.round(days * DAY_MS),
    weights: kindRecord(options.weights, 'weights', DEFAULT_ENGAGEMENT_WEIGHTS, checkWeight),
    caps: kindRecord(options.caps, 'caps', DEFAULT_ENGAGEMENT_CAPS, checkCap),
    bucketMs: wholeOption(
      options.bucketMs,
      'bucketMs',
      MIN_BUCKET_MS,
      MAX_BUCKET_MS,
      DEFAULT_BUCKET_MS,
    ),
    dropCount: wholeOption(dropOffs.count, 'dropOffs.count', 0, 1_000, DEFAULT_DROP_OFF_COUNT),
    minFall: wholeOption(
      dropOffs.minFall,
      'dropOffs.minFall',
      1,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_MIN_FALL,
    ),
    minFallShare,
    lookbackBuckets: wholeOption(
      dropOffs.lookbackBuckets,
      'dropOffs.lookbackBuckets',
      0,
      1_000,
      DEFAULT_LOOKBACK_BUCKETS,
    ),
    topQuestions: wholeOption(
      options.topQuestions,
      'topQuestions',
      0,
      10_000,
      DEFAULT_TOP_QUESTIONS,
    ),
  };
}
