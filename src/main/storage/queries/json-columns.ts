import type { Db } from '../connection';
import { stmt } from './live/statements';

// Reads that fold many rows into one row of json_group_array texts (one row out of better-sqlite3
// instead of one object per source row) turn each text back into its array here.

/** A json_group_array row parsed: each column's array by its alias (index i: one source row). */
export type JsonColumns = Readonly<Record<string, unknown[]>>;

/**
 * Runs `sql` (cached per connection) with `params` and parses every column of its one row, each
 * the JSON text of an array, by its alias. The caller states what the arrays hold (`as`).
 */
export function readJsonColumns(db: Db, sql: string, ...params: unknown[]): JsonColumns {
  const row = stmt(db, sql).get(...params) as Record<string, string>;
  const columns: Record<string, unknown[]> = {};
  for (const [name, text] of Object.entries(row)) columns[name] = JSON.parse(text) as unknown[];
  return columns;
}
