import type { Migration } from './index';

// Platform outputs (RTMP/RTMPS destinations). The stream key is NOT in this database: `key_ref`
// names it in the workspace's secret store (media/outputs/secret-store.ts), so that a copied or
// shared database file carries no key.
export const m0130: Migration = {
  version: 130,
  name: 'create outputs',
  up: `
    CREATE TABLE outputs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      platform TEXT NOT NULL CHECK (platform IN ('youtube', 'bilibili', 'twitch', 'custom')),
      url TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 500),
      key_ref TEXT CHECK (key_ref IS NULL OR length(key_ref) BETWEEN 1 AND 100),
      canvas TEXT NOT NULL DEFAULT 'landscape' CHECK (canvas IN ('landscape', 'portrait')),
      enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};
