/**
 * The Workspace view's first call after the studio's background warm-up
 * (src/main/insights/analytics-warm-up.ts): a studio opens the workspace in `dataDir` with its
 * warm-up on, the benchmark waits until the warm-up has finished (its `whenSettled`, not a
 * sleep), then times `analytics.workspace` through the router. Shared by bench:analytics and
 * bench/analytics-dashboards.ts.
 */
import { createStudio } from '../../src/main/app/create-studio';
import { createSilentLogger } from '../../src/main/kernel/logger';

const round = (ms: number): number => Math.round(ms * 10) / 10;

export async function measureAfterWarmUp(
  dataDir: string,
  nowMs: number,
): Promise<{ warmUpMs: number; workspaceAfterWarmUpMs: number }> {
  const studio = createStudio({
    dataDir,
    host: 'test',
    logger: createSilentLogger(),
    clock: () => nowMs,
    // No quiet time to wait for: the benchmark measures the warm-up, not the debounce.
    analyticsWarmUp: { debounceMs: 0 },
  });
  try {
    const warmUp = studio.warmUp;
    if (!warmUp) throw new Error('the studio has no warm-up');
    await warmUp.whenSettled();
    const last = warmUp.last;
    if (last?.outcome !== 'done') throw new Error(`warm-up ${last?.outcome ?? 'did not run'}`);
    const started = performance.now();
    const result = await studio.router.handle('analytics.workspace', {}, { transport: 'test' });
    if (!result.ok) throw new Error(`analytics.workspace: ${result.error.message}`);
    return {
      // Includes the worker thread's start (under tsx: compiling its modules).
      warmUpMs: round(last.ms),
      workspaceAfterWarmUpMs: round(performance.now() - started),
    };
  } finally {
    studio.close();
  }
}
