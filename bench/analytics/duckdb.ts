/**
 * The DuckDB peer of "cohort + RFM" for bench/analytics.ts: the same orders in an in-memory DuckDB
 * table, then the cohort matrix (active customers and revenue per first-purchase month × months
 * since) and the RFM summary (x, t_x, T, zbar per customer, days in UTC, weeks) as SQL, read back
 * into JavaScript rows. Loading the table is not timed (nor is reading the orders for ours).
 *
 * `@duckdb/node-api` is a bench-only dev dependency, loaded by name at run time: without it the
 * figure is skipped with a message.
 */

interface Reader {
  getRows(): unknown[][];
}
interface Appender {
  appendBigInt(value: bigint): void;
  endRow(): void;
  flushSync(): void;
  closeSync(): void;
}
interface Connection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<Reader>;
  createAppender(table: string): Promise<Appender>;
  closeSync(): void;
}
interface DuckDbModule {
  DuckDBInstance: {
    create(
      path: string,
      options?: Record<string, string>,
    ): Promise<{
      connect(): Promise<Connection>;
      closeSync(): void;
    }>;
  };
}

const PACKAGE = '@duckdb/node-api';
const RUNS = 3;

async function loadDuckDb(): Promise<DuckDbModule | null> {
  try {
    return (await import(PACKAGE)) as DuckDbModule;
  } catch {
    return null;
  }
}

/** Median ms of cohort + RFM in DuckDB, or why it was not measured. */
export async function duckDbCohortAndRfm(
  orders: readonly { learner_id: number; ordered_at: number; net: number }[],
  endMs: number,
): Promise<{ ms: number; customers: number } | string> {
  const duck = await loadDuckDb();
  if (!duck) {
    return `skipped: ${PACKAGE} is not installed (a bench-only devDependency: npm install --save-dev ${PACKAGE})`;
  }
  // As many threads as the machine has: DuckDB at its best is the reference.
  const instance = await duck.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE orders (c BIGINT, ts BIGINT, amt BIGINT)');
    const appender = await connection.createAppender('orders');
    for (const o of orders) {
      appender.appendBigInt(BigInt(o.learner_id));
      appender.appendBigInt(BigInt(o.ordered_at));
      appender.appendBigInt(BigInt(o.net));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    const endDay = Math.floor(endMs / 86_400_000);
    const cohortSql = `
      WITH o AS (
        SELECT c, amt, year(epoch_ms(ts)) * 12 + month(epoch_ms(ts)) AS m
        FROM orders WHERE ts // 86400000 <= ${endDay}),
      f AS (SELECT c, min(m) AS cm FROM o GROUP BY c)
      SELECT f.cm, o.m - f.cm AS k, count(DISTINCT o.c) AS active, sum(o.amt) AS revenue
      FROM o JOIN f USING (c) GROUP BY 1, 2 ORDER BY 1, 2`;
    const rfmSql = `
      WITH d AS (
        SELECT c, ts // 86400000 AS day, sum(amt) AS amt
        FROM orders WHERE ts // 86400000 <= ${endDay} GROUP BY c, day),
      s AS (
        SELECT c, count(*) - 1 AS x, min(day) AS first, max(day) AS last, sum(amt) AS total,
          arg_min(amt, day) AS first_amt
        FROM d GROUP BY c)
      SELECT c, x, round((last - first) / 7, 2) AS t_x, round((${endDay} - first) / 7, 2) AS t,
        CASE WHEN x > 0 THEN round((total - first_amt) / x / 100, 2) ELSE 0 END AS zbar, total
      FROM s`;
    const times: number[] = [];
    let customers = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const cohort = (await connection.runAndReadAll(cohortSql)).getRows();
      const rfm = (await connection.runAndReadAll(rfmSql)).getRows();
      times.push(performance.now() - started);
      customers = rfm.length;
      if (cohort.length === 0) throw new Error('DuckDB: empty cohort matrix');
    }
    times.sort((p, q) => p - q);
    return { ms: Math.round((times[Math.floor(RUNS / 2)] ?? 0) * 10) / 10, customers };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
