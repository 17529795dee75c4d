import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';

/**
 * Temporary directories removed after the test that made them; a directory made outside a test
 * (in beforeAll, for a studio the whole file shares) is removed after the file instead. Removing
 * it after the first test left the shared studio running on a deleted folder: its open database
 * kept working, but every analytics job, which opens the file anew, failed.
 */
export function useTempDirs(): () => string {
  const perTest: string[] = [];
  const perFile: string[] = [];
  const remove = (dirs: string[]): void => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  afterEach(() => remove(perTest));
  afterAll(() => remove(perFile));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'encore-test-'));
    (expect.getState().currentTestName === undefined ? perFile : perTest).push(dir);
    return dir;
  };
}
