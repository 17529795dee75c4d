import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { sessionMetrics } from '../../src/main/insights/reports';
import { courseDashboardJob } from '../../src/main/insights/worker/dashboard-jobs';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase } from '../../src/main/storage/connection';
import { courseSales } from '../../src/main/storage/queries/dashboards';
import type { CourseId } from '../../src/shared/model/ids';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('the course dashboard, kept while its data are unchanged', () => {
  it('is reused, then recomputed after an answered question and a relinked order line', () => {
    const file = join(tempDir(), 'course.db');
    const writer = openDatabase(file);
    generateDemoWorkspace(writer, { seed: 3, now: NOW, learners: 120, sessions: 4, orders: 300 });
    const reader = openDatabase(file, { readonly: true });
    const target = writer
      .prepare(
        `SELECT s.id AS session, s.course_id AS course, q.id AS question FROM sessions s
         JOIN questions q ON q.session_id = s.id
         WHERE s.ended_at IS NOT NULL AND s.course_id IS NOT NULL AND q.status = 'open' AND q.hidden = 0
         ORDER BY s.started_at DESC LIMIT 1`,
      )
      .get() as { session: number; course: number; question: number } | undefined;
    expect(target).toBeDefined();
    const { session, course, question } = target ?? { session: 0, course: 0, question: 0 };
    const courseId = course as CourseId;
    const dashboard = (at = NOW) => courseDashboardJob(reader, { courseId }, inProcessContext(at));
    const headline = (d: ReturnType<typeof dashboard>) =>
      d.classes.find((c) => c.sessionId === session);

    const first = dashboard();
    const again = dashboard(NOW + 1000);
    expect(again.computedAt).toBe(NOW + 1000);
    expect({ ...again, computedAt: first.computedAt }).toEqual(first);

    // Answering a question changes no count the customer base looks at.
    writer
      .prepare(`UPDATE questions SET status = 'answered', answered_at = ? WHERE id = ?`)
      .run(NOW - 1000, question);
    const answered = dashboard();
    expect(headline(answered)?.answeredShare).not.toBe(headline(first)?.answeredShare);
    expect(headline(answered)?.answeredShare).toBe(
      sessionMetrics(reader, session, { now: NOW }).headline.answeredShare,
    );

    // A line of another course relinked to this one (as a course alias does): no order changes.
    const moved = writer
      .prepare(
        `UPDATE order_lines SET course_id = ? WHERE id = (
           SELECT l.id FROM order_lines l JOIN orders o ON o.id = l.order_id
           WHERE l.course_id IS NOT NULL AND l.course_id <> ? AND o.status = 'paid'
             AND o.learner_id IS NOT NULL AND o.ordered_at <= ?
             AND NOT EXISTS (SELECT 1 FROM order_lines m WHERE m.order_id = o.id AND m.course_id = ?)
           ORDER BY l.id LIMIT 1)`,
      )
      .run(course, course, NOW, course).changes;
    expect(moved).toBe(1);
    const relinked = dashboard();
    expect(relinked.sales.orders).toBe(answered.sales.orders + 1);
    expect(relinked.sales.orders).toBe(
      courseSales(reader, course, NOW).rows.reduce((sum, r) => sum + r.orders, 0),
    );
    reader.close();
    writer.close();
  });
});
