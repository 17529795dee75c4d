import { createHash } from 'node:crypto';
import type { Db } from '../connection';

/**
 * Row count and SHA-256 of every table of a database, for backups: written into a backup's
 * manifest from the snapshot, checked again after a restore. Rows are hashed in a stable order
 * (rowid; the primary key for WITHOUT ROWID tables), each value with its storage class, integers
 * as 64-bit (no precision lost to JS numbers), so two databases with the same rows give the same
 * digest whatever their page layout.
 */
export interface TableDigest {
  name: string;
  rows: number;
  sha256: string;
}

interface TableListRow {
  name: string;
  wr: number;
}

/** User tables of the main schema, by name (SQLite's own `sqlite_%` tables excluded). */
export function listTables(db: Db): TableListRow[] {
  return db
    .prepare(
      `SELECT name, wr FROM pragma_table_list
       WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       ORDER BY name`,
    )
    .all() as TableListRow[];
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function primaryKeyColumns(db: Db, table: string): string[] {
  const columns = db
    .prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk')
    .all(table) as { name: string; pk: number }[];
  return columns.map((column) => column.name);
}

const TAG_NULL = Buffer.from([0]);
const TAG_INT = 1;
const TAG_REAL = 2;
const TAG_TEXT = 3;
const TAG_BLOB = 4;

function hashValue(hash: ReturnType<typeof createHash>, value: unknown): void {
  if (value === null) {
    hash.update(TAG_NULL);
    return;
  }
  const head = Buffer.alloc(9);
  if (typeof value === 'bigint') {
    head[0] = TAG_INT;
    head.writeBigInt64BE(value, 1);
    hash.update(head);
    return;
  }
  if (typeof value === 'number') {
    head[0] = TAG_REAL;
    head.writeDoubleBE(value, 1);
    hash.update(head);
    return;
  }
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Buffer);
  head[0] = typeof value === 'string' ? TAG_TEXT : TAG_BLOB;
  head.writeBigUInt64BE(BigInt(bytes.length), 1);
  hash.update(head);
  hash.update(bytes);
}

function selectAllInOrder(db: Db, table: { name: string; wr: number }) {
  const order =
    table.wr === 1 ? primaryKeyColumns(db, table.name).map(quoteIdentifier).join(', ') : '_rowid_';
  // Identifiers come from the schema itself (pragma_table_list), never from input.
  const statement = db
    .prepare(`SELECT * FROM ${quoteIdentifier(table.name)} ORDER BY ${order}`)
    .raw(true);
  statement.safeIntegers(true);
  return statement.iterate() as IterableIterator<unknown[]>;
}

const ROW_SEPARATOR = Buffer.from([0xff]);

/**
 * Digests one table. With `yieldEvery`, the scan pauses (awaits `pause`) every that many rows so
 * that a large table does not hold the event loop; the connection must then be one nobody else
 * writes through (a backup's snapshot, a restored copy), or the rows could move under the scan.
 */
export async function digestTable(
  db: Db,
  table: { name: string; wr: number },
  options: { yieldEvery: number; pause: () => Promise<void> },
): Promise<TableDigest> {
  const hash = createHash('sha256');
  let rows = 0;
  for (const row of selectAllInOrder(db, table)) {
    hash.update(ROW_SEPARATOR);
    for (const value of row) hashValue(hash, value);
    rows += 1;
    if (rows % options.yieldEvery === 0) await options.pause();
  }
  return { name: table.name, rows, sha256: hash.digest('hex') };
}

/** Every table's digest at this instant (synchronous: no write can land in between). */
export function digestTablesNow(db: Db): TableDigest[] {
  return listTables(db).map((table) => {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of selectAllInOrder(db, table)) {
      hash.update(ROW_SEPARATOR);
      for (const value of row) hashValue(hash, value);
      rows += 1;
    }
    return { name: table.name, rows, sha256: hash.digest('hex') };
  });
}
