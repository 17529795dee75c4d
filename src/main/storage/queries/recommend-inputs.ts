import type { Db } from '../connection';

// What the course recommender reads besides orders: the catalogue's description of the courses,
// and each learner's live behaviour around a course (src/main/analytics/recommend.ts).

export interface CatalogueRow {
  id: number;
  series: string | null;
  series_position: number | null;
  /** JSON array of strings. */
  tags: string;
  archived: number;
}

export function recommendCatalogue(db: Db): CatalogueRow[] {
  return db
    .prepare(
      `SELECT id, series, series_position, tags, archived_at IS NOT NULL AS archived
       FROM courses ORDER BY id`,
    )
    .all() as CatalogueRow[];
}

export interface CourseSignalRow {
  learner_id: number;
  course_id: number;
  kind: 'class' | 'offerClick' | 'question';
  at: number;
}

/**
 * Up to `end`: one row per class of a course a learner attended (at its start), per click on an
 * offer of a course, and per question asked in a class of a course.
 */
export function courseSignals(db: Db, end: number): CourseSignalRow[] {
  return db
    .prepare(
      `SELECT a.learner_id, s.course_id, 'class' AS kind, min(s.started_at) AS at
         FROM attendance a JOIN sessions s ON s.id = a.session_id
         WHERE s.course_id IS NOT NULL AND s.started_at IS NOT NULL AND s.started_at <= @end
         GROUP BY a.learner_id, a.session_id
       UNION ALL
       SELECT c.learner_id, o.course_id, 'offerClick', c.at
         FROM offer_clicks c JOIN offers o ON o.id = c.offer_id
         WHERE o.course_id IS NOT NULL AND c.at <= @end
       UNION ALL
       SELECT q.learner_id, s.course_id, 'question', q.asked_at
         FROM questions q JOIN sessions s ON s.id = q.session_id
         WHERE q.learner_id IS NOT NULL AND s.course_id IS NOT NULL AND q.asked_at <= @end`,
    )
    .all({ end }) as CourseSignalRow[];
}
