import type { Migration } from './index';

// Review (issue #12): the scenes the educator switched to during a class (picture-in-picture,
// camera, screen), each at its epoch millisecond, so that Review shows them on the timeline and
// suggests chapters from them. The educator's own actions: no learner data.
export const m0240: Migration = {
  version: 240,
  name: 'create scene changes',
  up: `
    CREATE TABLE scene_changes (
      id INTEGER PRIMARY KEY,
      session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      scene TEXT NOT NULL CHECK (scene IN ('pip', 'camera', 'screen'))
    ) STRICT;
    CREATE INDEX scene_changes_session ON scene_changes (session_id, at);
  `,
};
