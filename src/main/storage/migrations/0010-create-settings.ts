import type { Migration } from './index';

export const m0010: Migration = {
  version: 10,
  name: 'create settings',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL CHECK (json_valid(value)),
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
