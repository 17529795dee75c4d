import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOrders } from '../../src/main/imports/import-orders';
import { openDatabase, type Db } from '../../src/main/storage/connection';
import {
  UNMATCHED_ORDERS_SQL,
  deleteImportMapping,
  getImportMapping,
  linkUnmatchedOrder,
  listImportMappings,
  listImportRuns,
  listUnmatchedOrders,
  markInterruptedImportRuns,
  saveImportMapping,
} from '../../src/main/storage/queries/imports';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const T0 = Date.UTC(2024, 0, 1);

function open(): Db {
  return openDatabase(join(tempDir(), 'linking.db'));
}

/** Learners 1..4: by email, by phone, by a platform id of 'shop', and by name only. */
function seedLearners(db: Db): void {
  db.exec(`
    INSERT INTO learners (id, display_name, created_at) VALUES
      (1, 'Ann', ${T0}), (2, 'Bo', ${T0}), (3, 'Cy', ${T0}), (4, 'Zed', ${T0});
    INSERT INTO learner_identities (learner_id, kind, platform, value, created_at) VALUES
      (1, 'email', '', 'ann@example.com', ${T0}),
      (2, 'phone', '', '+8613800138000', ${T0}),
      (3, 'platform', 'shop', 'u-1', ${T0}),
      (4, 'platform', 'elsewhere', 'u-9', ${T0});
  `);
}

const HEADER = ['order_id', 'ordered_at', 'email', 'phone', 'customer_id', 'name', 'amount'];

function linkedLearners(db: Db): Record<string, number | null> {
  const rows = db.prepare('SELECT external_id, learner_id FROM orders ORDER BY id').all() as {
    external_id: string;
    learner_id: number | null;
  }[];
  return Object.fromEntries(rows.map((row) => [row.external_id, row.learner_id]));
}

describe('linking orders to learners', () => {
  it('by email, then phone, then platform id (per source), never by name; creates the rest', async () => {
    const db = open();
    seedLearners(db);
    const summary = await importOrders(db, {
      source: 'shop',
      fileName: 'in-memory',
      rows: [
        HEADER,
        // Email wins over a phone that belongs to someone else.
        ['o1', '2024-02-01 10:00', 'ANN@example.com ', '+86 138 0013 8000', '', 'Ann', '10'],
        ['o2', '2024-02-02 10:00', '', '138-0013-8000', '', '', '10'],
        ['o3', '2024-02-03 10:00', '', '', 'u-1', '', '10'],
        // A name alone never links, and a platform id of another source is not this one's.
        ['o4', '2024-02-04 10:00', '', '', '', 'Zed', '10'],
        ['o5', '2024-02-05 10:00', 'new.person@example.com', '', 'u-9', 'New Person', '10'],
        ['o6', '2024-01-15 10:00', 'NEW.PERSON@example.com', '13900000000', '', '', '10'],
      ],
      options: { utcOffsetMinutes: 0, defaultCurrency: 'CNY', defaultCountryCode: '86' },
    });
    expect(summary).toMatchObject({
      format: 'rows',
      ordersImported: 6,
      ordersUnmatched: 1,
      learnersCreated: 1,
    });
    const links = linkedLearners(db);
    expect(links).toEqual({ o1: 1, o2: 2, o3: 3, o4: null, o5: 5, o6: 5 });
    const created = db.prepare('SELECT display_name, created_at FROM learners WHERE id = 5').get();
    // Created with the earliest order of that buyer in the file, not the import time.
    expect(created).toEqual({ display_name: 'New Person', created_at: Date.UTC(2024, 0, 15, 10) });
    expect(
      db
        .prepare('SELECT learner_id, kind, platform, value FROM learner_identities ORDER BY id')
        .all(),
    ).toEqual([
      { learner_id: 1, kind: 'email', platform: '', value: 'ann@example.com' },
      { learner_id: 2, kind: 'phone', platform: '', value: '+8613800138000' },
      { learner_id: 3, kind: 'platform', platform: 'shop', value: 'u-1' },
      { learner_id: 4, kind: 'platform', platform: 'elsewhere', value: 'u-9' },
      { learner_id: 5, kind: 'email', platform: '', value: 'new.person@example.com' },
      { learner_id: 5, kind: 'platform', platform: 'shop', value: 'u-9' },
      { learner_id: 5, kind: 'phone', platform: '', value: '+8613900000000' },
    ]);
    db.close();
  });

  it('createLearners: false keeps unknown buyers unmatched and listed; a later import links them', async () => {
    const db = open();
    seedLearners(db);
    const rows = [
      HEADER,
      ['o1', '2024-02-01 10:00', 'ann@example.com', '', '', '', '10'],
      ['o2', '2024-02-02 10:00', 'stranger@example.com', '', '', 'Stranger', '20'],
      ['o3', '2024-02-03 10:00', '', '', 'u-77', '', '30'],
    ];
    const options = { utcOffsetMinutes: 0, defaultCurrency: 'CNY' };
    const first = await importOrders(db, {
      source: 'shop',
      rows,
      options: { ...options, createLearners: false },
    });
    expect(first).toMatchObject({ ordersImported: 3, ordersUnmatched: 2, learnersCreated: 0 });
    const unmatched = listUnmatchedOrders(db, { limit: 10, offset: 0 });
    expect(unmatched.total).toBe(2);
    expect(
      unmatched.rows.map((row) => [
        row.external_id,
        row.buyer_email,
        row.buyer_platform_id,
        row.line_count,
      ]),
    ).toEqual([
      ['o3', null, 'u-77', 1],
      ['o2', 'stranger@example.com', null, 1],
    ]);
    expect(listUnmatchedOrders(db, { source: 'other', limit: 10, offset: 0 }).total).toBe(0);

    // By hand: the user says o3 is Cy's.
    const o3 = unmatched.rows[0]!.id;
    expect(linkUnmatchedOrder(db, { orderId: o3, learnerId: 3 })).toBe(true);
    expect(linkUnmatchedOrder(db, { orderId: o3, learnerId: 1 })).toBe(false);

    // Importing again with learner creation on links the rest and leaves the hand link alone.
    const second = await importOrders(db, { source: 'shop', rows, options });
    expect(second).toMatchObject({
      ordersUpdated: 1,
      ordersUnchanged: 2,
      ordersUnmatched: 0,
      learnersCreated: 1,
    });
    expect(linkedLearners(db)).toEqual({ o1: 1, o2: 5, o3: 3 });
    expect(listUnmatchedOrders(db, { limit: 10, offset: 0 }).total).toBe(0);
    db.close();
  });

  it('the unmatched list reads orders_learner_at, not the whole table', () => {
    const db = open();
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${UNMATCHED_ORDERS_SQL}`)
        .all({ source: null, limit: 10, offset: 0 }) as {
        detail: string;
      }[]
    )
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH o USING INDEX orders_learner_at \(learner_id=\?\)/);
    expect(plan).not.toMatch(/SCAN o\b/);
    db.close();
  });
});

describe('saved mappings and runs', () => {
  it('saves, replaces by name, lists, validates and deletes mappings', () => {
    const db = open();
    const id = saveImportMapping(db, {
      name: 'Xiaoe main shop',
      mapping: { preset: 'xiaoe-tech', columns: { email: '邮箱地址' } },
      at: 1,
    });
    saveImportMapping(db, { name: 'Another', mapping: { dateOrder: 'DMY' }, at: 2 });
    expect(
      saveImportMapping(db, {
        name: 'Xiaoe main shop',
        mapping: { preset: 'xiaoe-tech', decimalSeparator: '.' },
        at: 3,
      }),
    ).toBe(id);
    expect(listImportMappings(db).map((m) => [m.name, m.preset, m.createdAt, m.updatedAt])).toEqual(
      [
        ['Another', null, 2, 2],
        ['Xiaoe main shop', 'xiaoe-tech', 1, 3],
      ],
    );
    expect(getImportMapping(db, 'Xiaoe main shop')?.mapping).toEqual({
      preset: 'xiaoe-tech',
      decimalSeparator: '.',
    });
    expect(() =>
      saveImportMapping(db, { name: 'Bad', mapping: { preset: 'nope' } as never, at: 4 }),
    ).toThrow();
    expect(() =>
      saveImportMapping(db, { name: 'Bad', mapping: { columns: { colour: 'x' } } as never, at: 4 }),
    ).toThrow();
    expect(deleteImportMapping(db, 'Another')).toBe(true);
    expect(deleteImportMapping(db, 'Another')).toBe(false);
    expect(listImportMappings(db).map((m) => m.name)).toEqual(['Xiaoe main shop']);
    db.close();
  });

  it('lists runs newest first and marks runs a crash left running as failed', async () => {
    const db = open();
    let clock = 1_000;
    const now = (): number => clock++;
    await importOrders(db, {
      source: 'shop',
      rows: [HEADER, ['o1', '2024-02-01 10:00', '', '', '', '', '10']],
      options: { now, defaultCurrency: 'USD' },
    });
    db.prepare(
      `INSERT INTO import_runs (source, format, started_at, status) VALUES ('shop', 'csv', 5000, 'running')`,
    ).run();
    expect(markInterruptedImportRuns(db, 6000)).toBe(1);
    const runs = listImportRuns(db, { limit: 10, offset: 0 });
    expect(runs.rows.map((run) => [run.status, run.started_at, run.format])).toEqual([
      ['failed', 5000, 'csv'],
      ['done', 1000, 'rows'],
    ]);
    expect(JSON.parse(runs.rows[0]!.failure!)).toMatchObject({ code: 'interrupted' });
    expect(markInterruptedImportRuns(db, 7000)).toBe(0);
    db.close();
  });
});
