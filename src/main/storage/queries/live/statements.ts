import type Database from 'better-sqlite3';
import type { Db } from '../../connection';

// The audience server runs the same few statements thousands of times a second; preparing each
// once per connection (and not per call) keeps SQLite's parser out of the hot path.
const cache = new WeakMap<Db, Map<string, Database.Statement>>();

export function stmt(db: Db, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let statement = byText.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    byText.set(sql, statement);
  }
  return statement;
}
