import type { Db } from '../connection';

// Counted sub-selects rather than joins+GROUP BY: each uses its own index and the lists stay
// cheap for a workspace with hundreds of thousands of orders.

export interface CourseRow {
  id: number;
  title: string;
  series: string | null;
  series_id: number | null;
  series_position: number | null;
  price_minor: number;
  list_price_minor: number | null;
  currency: string;
  checkout_url: string | null;
  coupon_codes: string;
  tags: string;
  level: string | null;
  description: string | null;
  cover_file: string | null;
  archived_at: number | null;
  session_count: number;
  buyer_count: number;
}

const COURSE_SQL = `SELECT c.id, c.title, c.series,
    (SELECT cs.id FROM course_series cs WHERE cs.name = c.series) AS series_id,
    c.series_position, c.price_minor, c.list_price_minor, c.currency, c.checkout_url,
    c.coupon_codes, c.tags, c.level, c.description, c.cover_file, c.archived_at,
    (SELECT count(*) FROM sessions s WHERE s.course_id = c.id) AS session_count,
    (SELECT count(DISTINCT o.learner_id) FROM order_lines l JOIN orders o ON o.id = l.order_id
       WHERE l.course_id = c.id AND o.status IN ('paid', 'partially_refunded')) AS buyer_count
  FROM courses c`;

/** The catalogue; archived courses only when asked (reports), never in pickers. */
export function listCourses(db: Db, options: { includeArchived?: boolean } = {}): CourseRow[] {
  const filter = options.includeArchived ? '' : 'WHERE c.archived_at IS NULL';
  return db
    .prepare(
      `${COURSE_SQL} ${filter}
       ORDER BY c.series IS NULL, c.series, c.series_position, c.title, c.id`,
    )
    .all() as CourseRow[];
}

export function courseById(db: Db, courseId: number): CourseRow | undefined {
  return db.prepare(`${COURSE_SQL} WHERE c.id = ?`).get(courseId) as CourseRow | undefined;
}

export function courseExists(db: Db, courseId: number): boolean {
  return db.prepare('SELECT 1 FROM courses WHERE id = ?').get(courseId) !== undefined;
}

export interface LearnerRow {
  id: number;
  display_name: string;
  created_at: number;
  has_email: number;
  has_phone: number;
  consent_follow_up: number;
  sessions_attended: number;
  order_count: number;
  /** JSON array of { currency, minor }: net spend per currency (refunds subtracted). */
  spent: string;
  last_order_at: number | null;
}

/** Escapes LIKE wildcards so that a search for "50%" means the text "50%". */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listLearners(
  db: Db,
  args: { search?: string | undefined; limit: number; offset: number },
): { total: number; rows: LearnerRow[] } {
  const filter = args.search ? `WHERE l.display_name LIKE ? ESCAPE '\\'` : '';
  const params = args.search ? [likePattern(args.search)] : [];
  const total = (
    db.prepare(`SELECT count(*) AS n FROM learners l ${filter}`).get(...params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT l.id, l.display_name, l.created_at, l.consent_follow_up,
         EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'email') AS has_email,
         EXISTS (SELECT 1 FROM learner_identities i WHERE i.learner_id = l.id AND i.kind = 'phone') AS has_phone,
         (SELECT count(DISTINCT a.session_id) FROM attendance a WHERE a.learner_id = l.id) AS sessions_attended,
         coalesce(o.order_count, 0) AS order_count, o.last_order_at,
         (SELECT json_group_array(json_object('currency', currency, 'minor', minor)) FROM
            (SELECT currency, sum(total_minor - refunded_minor) AS minor FROM orders
              WHERE learner_id = l.id AND status IN ('paid', 'partially_refunded')
              GROUP BY currency ORDER BY currency)) AS spent
       FROM learners l
       LEFT JOIN (SELECT learner_id, count(*) AS order_count, max(ordered_at) AS last_order_at,
                         sum(total_minor - refunded_minor) AS net_minor
                    FROM orders WHERE status IN ('paid', 'partially_refunded')
                    GROUP BY learner_id) AS o ON o.learner_id = l.id
       ${filter}
       ORDER BY coalesce(o.net_minor, 0) DESC, l.id
       LIMIT ? OFFSET ?`,
    )
    .all(...params, args.limit, args.offset) as LearnerRow[];
  return { total, rows };
}

export interface SessionRow {
  id: number;
  title: string;
  course_id: number | null;
  course_title: string | null;
  status: string;
  scheduled_at: number | null;
  started_at: number | null;
  ended_at: number | null;
  viewer_count: number;
  event_count: number;
}

export function listSessions(db: Db): SessionRow[] {
  return db
    .prepare(
      `SELECT s.id, s.title, s.course_id, c.title AS course_title, s.status, s.scheduled_at,
         s.started_at, s.ended_at,
         (SELECT count(DISTINCT a.learner_id) FROM attendance a WHERE a.session_id = s.id) AS viewer_count,
         (SELECT count(*) FROM events e WHERE e.session_id = s.id) AS event_count
       FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
       -- A cancelled class (class_schedules) is no class to run or report on.
       WHERE NOT EXISTS (SELECT 1 FROM class_schedules cs
                         WHERE cs.session_id = s.id AND cs.cancelled_at IS NOT NULL)
       ORDER BY coalesce(s.started_at, s.scheduled_at, s.created_at) DESC, s.id DESC`,
    )
    .all() as SessionRow[];
}

export function countWorkspace(db: Db): { courses: number; learners: number; sessions: number } {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM courses) AS courses,
              (SELECT count(*) FROM learners) AS learners,
              (SELECT count(*) FROM sessions) AS sessions`,
    )
    .get() as { courses: number; learners: number; sessions: number };
}
