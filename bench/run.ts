import { readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// `npm run bench [-- name ...]`: imports every bench/*.ts (except this file), awaits its exported
// `run()` one at a time (benchmarks must not compete for the CPU) and prints one JSON document.
// Helpers that are not benchmarks belong in a subfolder, which is not scanned.

interface BenchModule {
  run?: () => unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
// Arguments starting with `--` are flags for the benchmarks (e.g. `latency -- --canvases`).
const only = new Set(process.argv.slice(2).filter((arg) => !arg.startsWith('--')));
const files = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.d.ts'))
  .filter((file) => only.size === 0 || only.has(basename(file, '.ts')))
  .sort();

const unknown = [...only].filter((name) => !files.includes(`${name}.ts`));
if (unknown.length > 0) {
  console.error(`bench: no such benchmark: ${unknown.join(', ')}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
let failed = false;
for (const file of files) {
  const name = basename(file, '.ts');
  const module = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  if (typeof module.run !== 'function') {
    results[name] = { skipped: 'exports no run()' };
    continue;
  }
  console.error(`bench: ${name}…`);
  const started = performance.now();
  try {
    results[name] = {
      result: await module.run(),
      seconds: Number(((performance.now() - started) / 1_000).toFixed(3)),
    };
  } catch (error) {
    failed = true;
    results[name] = { error: error instanceof Error ? error.message : String(error) };
  }
}

console.log(
  JSON.stringify(
    {
      machine: {
        node: process.version,
        cpus: availableParallelism(),
        cpu: cpus()[0]?.model ?? 'unknown',
        // Benchmarks are only comparable on a quiet machine: say how busy this one was.
        loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      },
      results,
    },
    null,
    2,
  ),
);
if (failed) process.exitCode = 1;
