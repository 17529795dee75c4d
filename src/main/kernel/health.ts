import type { StudioHealth } from '../../shared/contract';
import type { Clock } from './clock';

/**
 * The studio-wide health the UI shows as a banner on every screen (`studio.health`, and
 * `studio.healthChanged` when it changes). Today it tracks one thing: whether what happens in a
 * class can still be saved. Background writers report each failed write (`writeFailed`) and each
 * write that went through (`writeSucceeded`); the warning clears itself on the first success.
 */
export interface HealthMonitor {
  status(): StudioHealth;
  /** A write failed; errors that are not about storage (bugs) are ignored here (they are logged). */
  writeFailed(error: unknown): void;
  writeSucceeded(): void;
  /**
   * A second canvas's frame rate now (issue #16): below its full rate it is reported until it is
   * back to full; null when the canvas stopped. Answers whether it is lowered.
   */
  canvasLoad(load: { canvas: 'portrait'; fps: number; fullFps: number } | null): boolean;
}

/** Count updates while failing are sent at most this often (the first and the last always are). */
const COUNT_EVENT_INTERVAL_MS = 1_000;

const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const STORAGE_ERRNO_CODES = new Set(['EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE']);

/** 'diskFull', 'writeFailed', or null for an error that is not about storage. */
export function storageProblem(error: unknown): 'diskFull' | 'writeFailed' | null {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : null;
  if (code === null) return null;
  if (DISK_FULL_CODES.has(code)) return 'diskFull';
  if (STORAGE_ERRNO_CODES.has(code)) return 'writeFailed';
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED)/.test(code))
    return 'writeFailed';
  return null;
}

export function createHealthMonitor(deps: {
  clock: Clock;
  emit: (health: StudioHealth) => void;
}): HealthMonitor {
  let storage: StudioHealth['storage'] = null;
  let canvas: StudioHealth['canvas'] = undefined;
  let emittedAt = -Infinity;
  const status = (): StudioHealth => ({
    storage: storage ? { ...storage } : null,
    ...(canvas ? { canvas: { ...canvas } } : {}),
  });
  const emit = (): void => {
    emittedAt = deps.clock();
    deps.emit(status());
  };
  return {
    status,
    writeFailed(error) {
      const problem = storageProblem(error);
      if (!problem) return;
      const now = deps.clock();
      const changed = storage === null || storage.problem !== problem;
      storage = {
        problem,
        failedWrites: (storage?.failedWrites ?? 0) + 1,
        since: storage?.since ?? now,
      };
      if (changed || now - emittedAt >= COUNT_EVENT_INTERVAL_MS) emit();
    },
    writeSucceeded() {
      if (storage === null) return;
      storage = null;
      emit();
    },
    canvasLoad(load) {
      const lowered = load !== null && load.fps < load.fullFps;
      if (!lowered) {
        if (canvas === undefined) return false;
        canvas = undefined;
        emit();
        return false;
      }
      if (canvas?.fps === load.fps && canvas.fullFps === load.fullFps) return true;
      canvas = { ...load, since: canvas?.since ?? deps.clock() };
      emit();
      return true;
    },
  };
}
