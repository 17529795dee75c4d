import { join } from 'node:path';
import { generateDemoWorkspace, type DemoOptions } from '../../src/main/demo/generate-demo';
import { customerBase, type CustomerBase } from '../../src/main/insights/worker/customer-base';
import { inProcessContext } from '../../src/main/insights/worker/job-context';
import { openDatabase, type Db } from '../../src/main/storage/connection';

/**
 * A generated workspace in a real SQLite file under `dir`, read as the analytics worker reads it:
 * a read-only connection and the customer base built on it at `options.now`. `adjust` may change
 * the rows through the writer before it is closed.
 */
export function demoCustomerBase(
  dir: string,
  options: DemoOptions,
  adjust?: (writer: Db) => void,
): { file: string; db: Db; base: CustomerBase } {
  const file = join(dir, 'encore.db');
  const writer = openDatabase(file);
  generateDemoWorkspace(writer, options);
  adjust?.(writer);
  writer.close();
  const db = openDatabase(file, { readonly: true });
  return { file, db, base: customerBase(db, file, inProcessContext(options.now)) };
}
