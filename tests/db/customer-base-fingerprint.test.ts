import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { fingerprint } from '../../src/main/insights/worker/customer-base';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import { customerBaseFingerprint } from '../../src/main/storage/queries/insights';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

/** Every figure of the fingerprint by a query of its own. */
function oneByOne(db: Db): Record<string, number | null> {
  const one = (sql: string): number | null =>
    (db.prepare(`SELECT (${sql}) AS v`).get() as { v: number | null }).v;
  return {
    l: one('SELECT count(*) FROM learners'),
    lm: one('SELECT max(id) FROM learners'),
    lc: one('SELECT max(consent_updated_at) FROM learners'),
    o: one('SELECT count(*) FROM orders'),
    om: one('SELECT max(imported_at) FROM orders'),
    orf: one('SELECT sum(refunded_minor) FROM orders'),
    a: one('SELECT count(*) FROM attendance'),
    am: one('SELECT max(last_seen_at) FROM attendance'),
    e: one('SELECT max(id) FROM events'),
    c: one('SELECT count(*) FROM courses'),
    cu: one('SELECT max(updated_at) FROM courses'),
    ca: one('SELECT count(archived_at) FROM courses'),
    i: one('SELECT count(*) FROM learner_identities'),
    x: one('SELECT count(*) FROM learner_erasures'),
  };
}

describe('the customer base fingerprint', () => {
  it('is kept between calls yet moves with a change by this connection or another one', () => {
    const file = join(tempDir(), 'print.db');
    const writer = openDatabase(file);
    generateDemoWorkspace(writer, { seed: 5, now: NOW, learners: 80, sessions: 2, orders: 200 });
    const reader = openDatabase(file, { readonly: true });
    const first = fingerprint(reader, NOW);
    expect(fingerprint(reader, NOW)).toBe(first);

    // A refund changes no count and no newest id: only the refunded sum shows it.
    writer
      .prepare(
        `UPDATE orders SET refunded_minor = 1, status = 'partially_refunded'
         WHERE id = (SELECT min(id) FROM orders WHERE status = 'paid' AND total_minor > 1)`,
      )
      .run();
    const afterOther = fingerprint(reader, NOW);
    expect(afterOther).not.toBe(first);
    expect(fingerprint(reader, NOW)).toBe(afterOther);

    // The writer's own change does not move its data_version: total_changes() does.
    const own = fingerprint(writer, NOW);
    writer
      .prepare(
        'UPDATE learners SET consent_updated_at = ? WHERE id = (SELECT min(id) FROM learners)',
      )
      .run(NOW + 5);
    const afterOwn = fingerprint(writer, NOW);
    expect(afterOwn).not.toBe(own);
    expect(fingerprint(reader, NOW)).toBe(afterOwn);
    expect(fingerprint(reader, NOW + 86_400_000)).not.toBe(afterOwn);
    reader.close();
    writer.close();
  });

  it('moves with every change to the orders it covers, figure for figure as before', () => {
    const db = openDatabase(join(tempDir(), 'orders.db'));
    generateDemoWorkspace(db, { seed: 7, now: NOW, learners: 60, sessions: 1, orders: 120 });
    const prints = [fingerprint(db, NOW)];
    const figures = [customerBaseFingerprint(db)];
    const step = (sql: string, ...params: unknown[]): void => {
      expect(db.prepare(sql).run(...params).changes).toBe(1);
      const print = fingerprint(db, NOW);
      expect(print).not.toBe(prints.at(-1));
      prints.push(print);
      figures.push(customerBaseFingerprint(db));
      // The indexed figures are the ones a scan of every order gives.
      expect(figures.at(-1)).toEqual(oneByOne(db));
    };
    const insert = `INSERT INTO orders (source, external_id, learner_id, ordered_at, currency,
        total_minor, status, imported_at) VALUES ('shop', ?, NULL, ?, 'CNY', 500, 'paid', ?)`;
    // An order added (a later import), then one deleted: the count.
    step(insert, 'fp-1', NOW - 1000, NOW + 1);
    step('DELETE FROM orders WHERE id = (SELECT min(id) FROM orders)');
    // One order out, another in from a later import: the same count, only the newest import.
    step('DELETE FROM orders WHERE id = (SELECT min(id) FROM orders)');
    step(insert, 'fp-2', NOW - 2000, NOW + 2);
    expect(figures.at(-1)?.o).toBe(figures.at(-3)?.o);
    // A refund, a larger one, and the refund taken back: only the refunded sum.
    const refund = `UPDATE orders SET refunded_minor = ?, status = ? WHERE external_id = 'fp-2'`;
    step(refund, 100, 'partially_refunded');
    step(refund, 500, 'refunded');
    step(refund, 0, 'paid');
    expect(figures.at(-1)?.orf).toBe(figures.at(-4)?.orf);
    // The newest import deleted: the newest import time goes back.
    step(`DELETE FROM orders WHERE external_id = 'fp-2'`);
    expect(figures.at(-1)?.om).toBe(NOW + 1);
    // Every order deleted: no count, no newest import, no refunded sum (NULL, not 0).
    db.prepare('DELETE FROM orders').run();
    expect(customerBaseFingerprint(db)).toMatchObject({ o: 0, om: null, orf: null });
    expect(customerBaseFingerprint(db)).toEqual(oneByOne(db));
    db.close();
  });

  it('has every count and newest value of each table, on an empty workspace too', () => {
    const db = openDatabase(join(tempDir(), 'figures.db'));
    const empty = customerBaseFingerprint(db);
    expect(empty).toEqual(oneByOne(db));
    expect(empty.o).toBe(0);
    expect(empty.orf).toBeNull();
    generateDemoWorkspace(db, { seed: 6, now: NOW, learners: 60, sessions: 1, orders: 150 });
    db.prepare(
      `UPDATE orders SET refunded_minor = 3, status = 'partially_refunded'
       WHERE id = (SELECT max(id) FROM orders WHERE status = 'paid' AND total_minor > 3)`,
    ).run();
    const full = customerBaseFingerprint(db);
    expect(full).toEqual(oneByOne(db));
    expect(Object.keys(full)).toEqual(Object.keys(oneByOne(db)));
    expect(full.o).toBeGreaterThan(100);
    expect(full.orf).toBeGreaterThan(0);
    db.close();
  });
});
