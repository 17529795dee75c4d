import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../src/main/demo/generate-demo';
import { fingerprint } from '../../src/main/insights/worker/customer-base';
import { openDatabase } from '../../src/main/storage/connection';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 22, 4);

describe('the customer base fingerprint', () => {
  it('is kept between calls yet moves with a change by this connection or another one', () => {
    const file = join(tempDir(), 'print.db');
    const writer = openDatabase(file);
    generateDemoWorkspace(writer, { seed: 5, now: NOW, learners: 80, sessions: 2, orders: 200 });
    const reader = openDatabase(file, { readonly: true });
    const first = fingerprint(reader, NOW);
    expect(fingerprint(reader, NOW)).toBe(first);

    // A refund changes no count and no newest id: only the refunded sum shows it.
    writer
      .prepare(
        `UPDATE orders SET refunded_minor = 1, status = 'partially_refunded'
         WHERE id = (SELECT min(id) FROM orders WHERE status = 'paid' AND total_minor > 1)`,
      )
      .run();
    const afterOther = fingerprint(reader, NOW);
    expect(afterOther).not.toBe(first);
    expect(fingerprint(reader, NOW)).toBe(afterOther);

    // The writer's own change does not move its data_version: total_changes() does.
    const own = fingerprint(writer, NOW);
    writer
      .prepare(
        'UPDATE learners SET consent_updated_at = ? WHERE id = (SELECT min(id) FROM learners)',
      )
      .run(NOW + 5);
    const afterOwn = fingerprint(writer, NOW);
    expect(afterOwn).not.toBe(own);
    expect(fingerprint(reader, NOW)).toBe(afterOwn);
    expect(fingerprint(reader, NOW + 86_400_000)).not.toBe(afterOwn);
    reader.close();
    writer.close();
  });
});
