import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { openDatabase } from '../../src/main/storage/connection';
import {
  COURSE_DASHBOARD_STAMP_SQL,
  courseDashboardStamp,
} from '../../src/main/storage/queries/dashboards';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('the course dashboard stamp', () => {
  it('reads the order lines from their covering indexes, not a scan of the table', () => {
    const db = openDatabase(join(tempDir(), 'plan.db'));
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${COURSE_DASHBOARD_STAMP_SQL}`).all('[1]') as {
      detail: string;
    }[];
    const detail = rows.map((row) => row.detail).join('\n');
    expect(detail).toMatch(/SCAN order_lines USING COVERING INDEX order_lines_course/);
    expect(detail).toMatch(/SCAN order_lines USING COVERING INDEX order_lines_order/);
    expect(detail).not.toMatch(/SCAN order_lines(?! USING COVERING INDEX)/);
    db.close();
  });

  it('moves when a line is relinked to another course, added or removed', () => {
    const db = openDatabase(join(tempDir(), 'stamp.db'));
    generateDemoWorkspace(db, { seed: 7, now: NOW, learners: 40, sessions: 2, orders: 120 });
    const ids = (db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
    const first = courseDashboardStamp(db, ids);
    expect(courseDashboardStamp(db, ids)).toBe(first);
    const line = db
      .prepare(
        'SELECT id, order_id, course_id FROM order_lines WHERE course_id IS NOT NULL LIMIT 1',
      )
      .get() as { id: number; order_id: number; course_id: number };
    const other = db
      .prepare('SELECT id FROM courses WHERE id != ? ORDER BY id LIMIT 1')
      .get(line.course_id) as { id: number };
    db.prepare('UPDATE order_lines SET course_id = ? WHERE id = ?').run(other.id, line.id);
    const relinked = courseDashboardStamp(db, ids);
    expect(relinked).not.toBe(first);
    db.prepare(
      `INSERT INTO order_lines (order_id, course_id, title, amount_minor) VALUES (?, NULL, 'x', 1)`,
    ).run(line.order_id);
    const added = courseDashboardStamp(db, ids);
    expect(added).not.toBe(relinked);
    db.prepare('DELETE FROM order_lines WHERE id = (SELECT max(id) FROM order_lines)').run();
    expect(courseDashboardStamp(db, ids)).toBe(relinked);
    db.close();
  });
});
