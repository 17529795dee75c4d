// Child process for the crash test: writes events as fast as it can and prints `ack <clientId>`
// only after each event's transaction has committed, like the audience server acknowledging a
// viewer. The test kills it with SIGKILL at an arbitrary moment.
import { writeSync } from 'node:fs';
import { openDatabase } from '../../src/main/storage/connection';
import { appendEvent } from '../../src/main/storage/queries/events';

const [file, mode = 'single'] = process.argv.slice(2);
if (!file) throw new Error('usage: event-writer <db file> [single|batch]');
const db = openDatabase(file);
const sessionId = Number(
  db
    .prepare(`INSERT INTO sessions (title, status, created_at) VALUES ('crash', 'live', ?)`)
    .run(Date.now()).lastInsertRowid,
);
writeSync(1, `session ${sessionId}\n`);

const BATCH = mode === 'batch' ? 50 : 1;
const writeBatch = db.transaction((ids: string[]) => {
  for (const clientId of ids) {
    appendEvent(db, {
      sessionId,
      learnerId: null,
      kind: 'chat',
      at: Date.now(),
      payload: { text: clientId.repeat(4) },
      clientId,
    });
  }
});

for (let n = 0; ; n += BATCH) {
  const ids = Array.from({ length: BATCH }, (_, i) => `e${(n + i).toString(36).padStart(8, '0')}`);
  writeBatch(ids);
  writeSync(1, ids.map((id) => `ack ${id}\n`).join(''));
}
