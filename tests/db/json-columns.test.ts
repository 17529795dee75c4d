import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/storage/connection';
import { readJsonColumns } from '../../src/main/storage/queries/json-columns';

describe('readJsonColumns', () => {
  it("parses every json_group_array column of the statement's row, by alias", () => {
    const db = openDatabase(':memory:');
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, kind TEXT, n REAL);
      INSERT INTO t VALUES (1, 'chat', 2.5), (2, 'poll', NULL), (3, 'chat', -4)`);
    const sql = `SELECT json_group_array(id) AS ids, json_group_array(kind) AS kinds,
        json_group_array(n) AS ns, json_group_array(json_array(id, kind)) AS pairs
      FROM (SELECT * FROM t WHERE id >= ? ORDER BY id DESC)`;
    expect(readJsonColumns(db, sql, 2)).toEqual({
      ids: [3, 2],
      kinds: ['chat', 'poll'],
      ns: [-4, null],
      pairs: [
        [3, 'chat'],
        [2, 'poll'],
      ],
    });
    expect(readJsonColumns(db, sql, 9)).toEqual({ ids: [], kinds: [], ns: [], pairs: [] });
    db.close();
  });
});
