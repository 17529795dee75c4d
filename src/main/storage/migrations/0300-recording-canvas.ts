import type { Migration } from './index';

// Both canvases at once (issue #16): a class may also record its portrait program (1080×1920)
// beside the landscape one. Each recording says which canvas it holds; every recording made
// before this is the landscape program's. The review timeline plays the landscape parts only.
export const m0300: Migration = {
  version: 300,
  name: 'recording canvas',
  up: `
    ALTER TABLE recordings ADD COLUMN canvas TEXT NOT NULL DEFAULT 'landscape'
      CHECK (canvas IN ('landscape', 'portrait'));
  `,
};
