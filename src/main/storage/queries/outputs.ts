import type { OutputCanvas, OutputPlatform } from '../../../shared/contract/outputs-api';
import type { Db } from '../connection';

// The `outputs` table (migration 0130), read and written by the output manager.

export interface OutputRow {
  id: number;
  name: string;
  platform: OutputPlatform;
  url: string;
  key_ref: string | null;
  canvas: OutputCanvas;
  enabled: 0 | 1;
  created_at: number;
  updated_at: number;
}

export interface OutputFields {
  name: string;
  platform: OutputPlatform;
  url: string;
  keyRef: string | null;
  canvas: OutputCanvas;
  enabled: boolean;
}

export function listOutputRows(db: Db): OutputRow[] {
  return db.prepare(`SELECT * FROM outputs ORDER BY id`).all() as OutputRow[];
}

export function getOutputRow(db: Db, id: number): OutputRow | undefined {
  return db.prepare(`SELECT * FROM outputs WHERE id = ?`).get(id) as OutputRow | undefined;
}

export function insertOutputRow(db: Db, fields: OutputFields, at: number): number {
  const result = db
    .prepare(
      `INSERT INTO outputs (name, platform, url, key_ref, canvas, enabled, created_at, updated_at)
       VALUES (@name, @platform, @url, @keyRef, @canvas, @enabled, @at, @at)`,
    )
    .run({ ...fields, enabled: fields.enabled ? 1 : 0, at });
  return Number(result.lastInsertRowid);
}

export function updateOutputRow(db: Db, id: number, fields: OutputFields, at: number): void {
  db.prepare(
    `UPDATE outputs SET name = @name, platform = @platform, url = @url, key_ref = @keyRef,
       canvas = @canvas, enabled = @enabled, updated_at = @at
     WHERE id = @id`,
  ).run({ ...fields, enabled: fields.enabled ? 1 : 0, at, id });
}

export function deleteOutputRow(db: Db, id: number): boolean {
  return db.prepare(`DELETE FROM outputs WHERE id = ?`).run(id).changes > 0;
}
